package dev.safemigrate.flyway;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which Flyway loaded the plugin. The plugin is built against Flyway 13 internals ({@code PluginRegister.getExact},
 * among others) that older Flyways do not have: Spring Boot 3.5, for one, runs Flyway 11. There
 * {@link SafeMigratePostgresDatabaseType} steps aside (Flyway's own PostgreSQL type takes the connection) rather
 * than fail the migration with a {@code NoSuchMethodError}, and says once what that leaves to the user.
 */
final class FlywayRelease {
    static final int OLDEST_MAJOR = 13;
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final boolean SUPPORTED = supported(version());

    private FlywayRelease() {
    }

    /** Whether the Flyway on the class path is one the plugin works with; an unreadable version counts as one. */
    static boolean supported() {
        if (!SUPPORTED && TOLD.compareAndSet(false, true)) {
            Log log = LogFactory.getLog(FlywayRelease.class);
            log.warn("safemigrate: Flyway " + version() + " is older than " + OLDEST_MAJOR + ": the driver's Flyway plugin"
                    + " steps aside and Flyway's PostgreSQL transactional lock stays as configured. Set"
                    + " flyway.postgresql.transactional.lock=false, or index builds the driver runs CONCURRENTLY wait"
                    + " for Flyway's own transaction (the Spring Boot starter sets it for you).");
        }
        return SUPPORTED;
    }

    static boolean supported(String version) {
        if (version == null) {
            return true;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot)) >= OLDEST_MAJOR;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** As Flyway records it in its jar, or null. */
    static String version() {
        try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
