package dev.safemigrate.it.db;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The extension behind {@link EngineTest}: one run of the test per engine it names (less those the
 * system property {@value #ENGINES_PROPERTY} leaves out), each with a parameter resolver for that run's
 * {@link Engine} and {@link TestDatabase}. The database of a test class and engine is made on first use
 * (with {@link DatabaseExtension#create}, from {@link DatabaseResolver#shared}), kept in the class's
 * store and dropped when the class is done; when it cannot be made, every run that needs it fails with
 * the reason, as under {@link RealDatabase}.
 */
public final class EngineExtension implements TestTemplateInvocationContextProvider {

    /** Limits the engines {@link EngineTest} runs on: names of {@link Engine}, comma-separated. */
    public static final String ENGINES_PROPERTY = "it.engines";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EngineExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EngineTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (DatabaseExtension.declaringClass(testClass) != null) {
            throw new ExtensionConfigurationException(testClass.getName() + " (or an enclosing class) has @RealDatabase:"
                    + " a class uses either @RealDatabase or @EngineTest, not both");
        }
        Set<Engine> selected = selected(System.getProperty(ENGINES_PROPERTY));
        return declared(context.getRequiredTestMethod()).stream().filter(selected::contains).map(Run::new);
    }

    /** Zero runs only when {@value #ENGINES_PROPERTY} leaves out every engine the test names (asked for, not a skip). */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        Set<Engine> selected = selected(System.getProperty(ENGINES_PROPERTY));
        return declared(context.getRequiredTestMethod()).stream().noneMatch(selected::contains);
    }

    /** The engines of the method's {@link EngineTest}, in its order; at least one, none twice. */
    static List<Engine> declared(Method method) {
        Engine[] engines = method.getAnnotation(EngineTest.class).value();
        if (engines.length == 0 || EnumSet.copyOf(Arrays.asList(engines)).size() != engines.length) {
            throw new ExtensionConfigurationException("@EngineTest on " + method + " must name at least one engine,"
                    + " each once: " + Arrays.toString(engines));
        }
        return List.of(engines);
    }

    /** The engines {@code property} (the value of {@value #ENGINES_PROPERTY}) selects: all when null or blank. */
    static Set<Engine> selected(String property) {
        if (property == null || property.isBlank()) {
            return EnumSet.allOf(Engine.class);
        }
        Set<Engine> engines = EnumSet.noneOf(Engine.class);
        for (String name : property.split(",")) {
            String trimmed = name.strip().toUpperCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                engines.add(Engine.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(ENGINES_PROPERTY + "=" + property + " names no engine '"
                        + name.strip() + "'; the engines are " + Arrays.toString(Engine.values()), e);
            }
        }
        if (engines.isEmpty()) {
            throw new ExtensionConfigurationException(ENGINES_PROPERTY + "=" + property + " names no engine; the engines"
                    + " are " + Arrays.toString(Engine.values()));
        }
        return engines;
    }

    /** One run of the test: on {@code engine}. */
    private record Run(Engine engine) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + engine + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Parameters(engine));
        }
    }

    /** Resolves the run's {@link Engine} and {@link TestDatabase}, in the constructor and lifecycle methods too. */
    private record Parameters(Engine engine) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            Class<?> type = parameterContext.getParameter().getType();
            return type == Engine.class || type == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            if (parameterContext.getParameter().getType() == Engine.class) {
                return engine;
            }
            try {
                return database(extensionContext, engine);
            } catch (ExtensionConfigurationException e) {
                throw new ParameterResolutionException(e.getMessage(), e);
            }
        }
    }

    /** What a class's store holds for an engine: its database, or why there is none. Dropped with the store. */
    private record Holder(TestDatabase database, RuntimeException failure) implements AutoCloseable {
        TestDatabase get() {
            if (failure != null) {
                throw failure;
            }
            return database;
        }

        @Override
        public void close() {
            if (database != null) {
                DatabaseExtension.drop(database);
            }
        }
    }

    /** The database of the test class of {@code context} on {@code engine}, made on first use. */
    static TestDatabase database(ExtensionContext context, Engine engine) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext owner = classContext(context, testClass);
        Holder holder = owner.getStore(NAMESPACE).getOrComputeIfAbsent("database:" + engine + ":" + testClass.getName(),
                k -> {
                    try {
                        return new Holder(DatabaseExtension.create(DatabaseResolver.shared(engine), testClass), null);
                    } catch (RuntimeException e) {
                        return new Holder(null, e);
                    }
                }, Holder.class);
        return holder.get();
    }

    private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
        List<String> seen = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get() == testClass) {
                return c.get();
            }
            seen.add(c.get().getUniqueId());
        }
        throw new ExtensionConfigurationException("no class context for " + testClass.getName() + " among " + seen);
    }
}
