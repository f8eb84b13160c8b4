package dev.safemigrate.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Properties;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Builds the ByteBuddy transformer that inlines {@link DriverConnectAdvice} and {@link DataSourceAdvice}
 * into JDBC drivers and data sources, with the {@link ConnectionHook} behind the bridge they call.
 *
 * <p>Class loaders: the agent, the driver and the relocated libraries are loaded by the system class
 * loader (the agent jar is on its class path). The advice calls only the bridge, which
 * {@link BridgeAccess} makes visible to the instrumented class's loader.
 */
final class Instrumenter {
    private static final Logger log = LoggerFactory.getLogger("dev.safemigrate.agent");
    private static final String BRIDGE = "dev.safemigrate.agent.bootstrap.SafeMigrateBridge";

    private Instrumenter() {
    }

    static ClassFileTransformer create(AgentOptions options, Instrumentation instrumentation) {
        long started = System.nanoTime();
        BridgeAccess bridge = new BridgeAccess(instrumentation, new ConnectionHook(options));
        // DeclaredMethodAdvice rather than ByteBuddy's method matching: it reaches bridge methods too.
        Advice driverAdvice = Advice.to(DriverConnectAdvice.class);
        Advice dataSourceAdvice = Advice.to(DataSourceAdvice.class);
        ClassFileTransformer advice = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new FailureListener())
                .type(implementing("java.sql.Driver"))
                .transform((builder, type, loader, module, domain) -> builder.visit(new DeclaredMethodAdvice(
                        driverAdvice, named("connect").and(takesArguments(String.class, Properties.class))
                                .and(returnsConnection()).and(not(isAbstract())))))
                .type(implementing("javax.sql.DataSource"))
                .transform((builder, type, loader, module, domain) -> builder.visit(new DeclaredMethodAdvice(
                        dataSourceAdvice, named("getConnection")
                                .and(takesNoArguments().or(takesArguments(String.class, String.class)))
                                .and(returnsConnection()).and(not(isAbstract())))))
                .makeRaw();
        log.info("safemigrate agent {} ready in {} ms ({}{})", version(), (System.nanoTime() - started) / 1_000_000,
                options.when() == AgentOptions.When.MIGRATION_TOOL ? "connections opened by migration tools"
                        : "every connection", options.dryRun() ? "; dry run: logged only" : "");
        return new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                    ProtectionDomain protectionDomain, byte[] bytes) throws IllegalClassFormatException {
                bridge.ensureVisibleFrom(loader);
                return advice.transform(loader, className, classBeingRedefined, protectionDomain, bytes);
            }
        };
    }

    /**
     * Only methods declared to return {@code java.sql.Connection} can hand back our wrapper. A covariant
     * override ({@code org.mariadb.jdbc.Connection connect(…)}) cannot: the cast would fail and the caller
     * would get the real connection after all. The bridge method the compiler writes for it, declared to
     * return {@code java.sql.Connection}, is instrumented instead (see {@link DeclaredMethodAdvice}).
     */
    private static ElementMatcher.Junction<MethodDescription> returnsConnection() {
        return returns(named("java.sql.Connection"));
    }

    private static ElementMatcher.Junction<TypeDescription> implementing(String interfaceName) {
        return not(isInterface()).and(hasSuperType(named(interfaceName)));
    }

    private static String version() {
        String v = Instrumenter.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }

    /** Reports a class the agent could not instrument; the class loads unchanged. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            log.warn("safemigrate agent: could not instrument {} ({}); its connections stay as they are", typeName,
                    throwable.toString());
        }
    }
}
