package dev.safemigrate.it.db;

import java.lang.reflect.AnnotatedElement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link RealDatabase}: finds the server once per JVM and engine (see
 * {@link DatabaseResolver}), creates a schema/database for each annotated class before its tests,
 * drops it afterwards (best effort), and resolves {@link TestDatabase} parameters.
 */
public final class DatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseExtension.class);

    /** What the store holds for an annotated class: its database or why there is none. */
    private record Holder(TestDatabase database, RuntimeException failure) {
        TestDatabase get() {
            if (failure != null) {
                throw failure;
            }
            return database;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Class<?> declaring = declaringClass(testClass);
        if (declaring != testClass) {
            return; // a @Nested class sharing its enclosing class's database
        }
        Holder holder = context.getStore(NAMESPACE).get(key(declaring), Holder.class);
        if (holder != null && holder.database() != null) {
            drop(holder.database());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return database(extensionContext);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** The database for the class of {@code context}, created on first use (beforeAll, or a PER_CLASS constructor). */
    private static TestDatabase database(ExtensionContext context) {
        Class<?> testClass = context.getTestClass().orElseThrow(
                () -> new ExtensionConfigurationException("TestDatabase is only available inside a test class"));
        Class<?> declaring = declaringClass(testClass);
        if (declaring == null) {
            throw new ExtensionConfigurationException(testClass.getName() + " (or an enclosing class) must be annotated"
                    + " with @RealDatabase(Engine.…) to get a TestDatabase");
        }
        Engine engine = declaring.getAnnotation(RealDatabase.class).value();
        ExtensionContext owner = ownerContext(context, declaring);
        Holder holder = owner.getStore(NAMESPACE).getOrComputeIfAbsent(key(declaring), k -> {
            try {
                return new Holder(create(DatabaseResolver.shared(engine), declaring), null);
            } catch (RuntimeException e) {
                return new Holder(null, e);
            }
        }, Holder.class);
        return holder.get();
    }

    /** The class (the test class or one enclosing it) whose @RealDatabase applies, or null. */
    static Class<?> declaringClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(RealDatabase.class)) {
                return c;
            }
        }
        return null;
    }

    private static ExtensionContext ownerContext(ExtensionContext context, Class<?> declaring) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get() == declaring) {
                return c.get();
            }
        }
        throw new ExtensionConfigurationException("no class context for " + declaring.getName());
    }

    private static String key(Class<?> declaring) {
        return "database:" + declaring.getName();
    }

    static TestDatabase create(DatabaseResolver.Server server, Class<?> testClass) {
        String schema = schemaName(testClass);
        boolean pg = server.engine() == Engine.POSTGRESQL;
        try (Connection c = server.openAdmin(); Statement s = c.createStatement()) {
            s.execute(pg ? "CREATE SCHEMA \"" + schema + "\"" : "CREATE DATABASE `" + schema + "`");
        } catch (SQLException e) {
            throw new DatabaseResolver.DatabaseUnavailableException("cannot create the " + (pg ? "schema " : "database ")
                    + schema + " for " + testClass.getName() + " on " + server.describe() + ": " + e.getMessage()
                    + " (the user needs the right to " + (pg ? "CREATE SCHEMA" : "CREATE DATABASE") + ")", e);
        }
        String url = pg
                ? JdbcUrls.withParam(server.url(), "currentSchema", schema)
                : JdbcUrls.withDatabase(server.url(), schema);
        return new TestDatabase(server, schema, url);
    }

    /** Drops the schema/database; failures are only logged. */
    static void drop(TestDatabase db) {
        boolean pg = db.engine() == Engine.POSTGRESQL;
        try (Connection c = db.server().openAdmin(); Statement s = c.createStatement()) {
            // don't hang the build behind a connection a test left open in a transaction
            s.execute(pg ? "SET lock_timeout = '10s'" : "SET SESSION lock_wait_timeout = 10");
            s.execute(pg ? "DROP SCHEMA IF EXISTS \"" + db.schema() + "\" CASCADE"
                    : "DROP DATABASE IF EXISTS `" + db.schema() + "`");
        } catch (SQLException | RuntimeException e) {
            System.err.println("[safemigrate-it] could not drop " + db.schema() + " (" + db.engine() + "): " + e);
        }
    }

    /** {@code it_<simple class name, lower case>_<6 hex>}, at most 50 characters. */
    static String schemaName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (simple.isEmpty()) {
            simple = "anon";
        }
        if (simple.length() > 40) {
            simple = simple.substring(0, 40);
        }
        return "it_" + simple + "_" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
