package dev.safemigrate.agent;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code -javaagent:safemigrate-agent.jar[=options]}: makes the connections of JDBC drivers and data
 * sources safemigrate connections without changing the tool's URL. See docs/agent.md.
 *
 * <p>At start it only checks its options and registers {@link JdbcClassFilter}; the instrumentation
 * itself ({@link Instrumenter}) starts with the first JDBC class the application loads.
 */
public final class SafeMigrateAgent {
    private SafeMigrateAgent() {
    }

    /** Attached at JVM start. Bad options stop the JVM with a message naming them. */
    public static void premain(String args, Instrumentation instrumentation) {
        install(args, instrumentation, false);
    }

    /** Attached to a running JVM: also instruments drivers loaded already; connections opened before stay raw. */
    public static void agentmain(String args, Instrumentation instrumentation) throws UnmodifiableClassException {
        install(args, instrumentation, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (!type.isInterface() && instrumentation.isModifiableClass(type)
                    && (Driver.class.isAssignableFrom(type) || DataSource.class.isAssignableFrom(type))) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            instrumentation.retransformClasses(loaded.toArray(Class<?>[]::new));
        }
    }

    private static void install(String args, Instrumentation instrumentation, boolean attached) {
        AgentOptions options = AgentOptions.parse(args);
        instrumentation.addTransformer(new JdbcClassFilter(() -> Instrumenter.create(options, instrumentation)), attached);
    }
}
