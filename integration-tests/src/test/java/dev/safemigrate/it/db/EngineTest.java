package dev.safemigrate.it.db;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once per engine, each time against a real database of that engine: the test itself,
 * its class's constructor and its {@code @BeforeEach}/{@code @AfterEach} methods get the run's
 * {@link Engine} and {@link TestDatabase} as parameters. Where the engines genuinely differ the test
 * says so with a {@code switch (engine)}; a test that only one engine has names it
 * ({@code @EngineTest(Engine.POSTGRESQL)}).
 *
 * <p>Each test class gets one schema (PostgreSQL) or database (MySQL/MariaDB) per engine, created on
 * first use and dropped after the class's last test, as with {@link RealDatabase}; the server is found
 * the same way (no database under {@code CI=true} is a failure of every run that needs it, never a
 * skip). A class uses either {@link RealDatabase} or {@code @EngineTest}, not both, and keeps JUnit's
 * default per-method test instance (the constructor runs inside each engine's run).
 *
 * <p>The system property {@code it.engines} (names of {@link Engine}, comma-separated) limits the runs
 * to those engines: the build's PostgreSQL-14 execution sets {@code it.engines=POSTGRESQL}. Unset or
 * blank, every engine a test names runs. See {@link EngineExtension}.
 */
@Documented
@Retention(RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(EngineExtension.class)
public @interface EngineTest {
    /** The engines the test runs on, in this order. */
    Engine[] value() default {Engine.POSTGRESQL, Engine.MYSQL};
}
