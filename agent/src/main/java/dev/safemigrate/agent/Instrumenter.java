package dev.safemigrate.agent;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
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

    private Instrumenter() {
    }

    static ClassFileTransformer create(AgentOptions options, Instrumentation instrumentation) {
        long started = System.nanoTime();
        BridgeAccess bridge = new BridgeAccess(instrumentation, new ConnectionHook(options));
        // DeclaredMethodAdvice rather than ByteBuddy's method matching: it reaches bridge methods too.
        Advice driverAdvice = Advice.to(DriverConnectAdvice.class);
        Advice dataSourceAdvice = Advice.to(DataSourceAdvice.class);
        ClassFileTransformer advice = newAgentBuilder()
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
     * Two settings that only save start-up time (docs/benchmarks.md, "Agent start-up"); what is instrumented,
     * and how, stays the same:
     * <ul>
     *   <li>No Nexus. Every {@code AgentBuilder.Default} creates a self-injection initialisation strategy, whose
     *       first use injects ByteBuddy's {@code Nexus} class into the system class loader (reflection, Unsafe, a
     *       generated class). The Nexus serves only initialisation strategies that add code to a type's
     *       initialiser; {@code disableClassFormatChanges()} replaces that strategy with a no-op, so it is never
     *       used. ByteBuddy skips the injection when its system property is set; the property's name is relocated
     *       with ByteBuddy, so it reaches only the agent's own copy, and it is removed again at once.</li>
     *   <li>No type validation: the advice is inlined into class files the JVM defines or defined already;
     *       checking their members against the JVM's rules again finds nothing.</li>
     * </ul>
     */
    static AgentBuilder newAgentBuilder() {
        String property = Nexus.PROPERTY;
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
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
