package dev.safemigrate.it.db;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.annotation.ElementType;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real database of the given engine and injects a
 * {@link TestDatabase} into constructors, test methods and lifecycle methods.
 *
 * <p>The class gets its own schema (PostgreSQL) or database (MySQL/MariaDB), created before its
 * first test and dropped after its last. {@code @Nested} classes without their own annotation share
 * the schema of the enclosing class; a {@code @Nested} class with its own annotation gets its own.
 * See {@link DatabaseExtension} for how the server is found.
 */
@Documented
@Inherited
@Retention(RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(DatabaseExtension.class)
public @interface RealDatabase {
    /** The engine the class needs. */
    Engine value();
}
