package dev.safemigrate.jdbc;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.DatabaseFamily;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.observe.DriverMetrics;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Wraps a connection some other code already opened with a plain {@code jdbc:postgresql:},
 * {@code jdbc:mysql:} or {@code jdbc:mariadb:} URL: the entry point of the Java agent, which cannot
 * change the URL a tool uses. The {@code jdbc:safemigrate:} driver builds its connections the same way.
 */
public final class SafeConnections {
    private SafeConnections() {
    }

    /** The family of a plain JDBC URL, or {@code null} when safemigrate does not support that database. */
    public static DatabaseFamily familyOf(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            return null;
        }
        int end = jdbcUrl.indexOf(':', 5);
        return end < 0 ? null : DatabaseFamily.forSubprotocol(jdbcUrl.substring(5, end));
    }

    /** Whether {@code connection} is already ours, directly or behind a pool's proxy. */
    public static boolean isWrapped(Connection connection) {
        return SafeMigrateDriver.isSafeMigrateConnection(connection);
    }

    /**
     * The safemigrate connection around {@code real}, or {@code real} itself when the settings turn
     * safemigrate off or the URL names a database it does not support.
     *
     * @param real an open connection, made with {@code jdbcUrl}
     * @param jdbcUrl its plain URL (never logged: it may carry a password)
     * @param info the properties it was opened with ({@code safemigrate.*} keys among them apply), or null
     * @param agentOptions settings given to the Java agent; above system properties, below {@code info}
     * @param side opens another connection like {@code real}, for the watchdogs of concurrent steps
     */
    public static Connection wrap(Connection real, String jdbcUrl, Properties info, Properties agentOptions,
                                  SideConnections side) throws SQLException {
        return wrap(real, jdbcUrl, info, agentOptions, side, DriverMetrics.current());
    }

    /**
     * As above, with the meters this connection reports to: the Spring Boot starter passes the application
     * context's registry, so that two applications in one JVM (tests, often) do not share one.
     */
    public static Connection wrap(Connection real, String jdbcUrl, Properties info, Properties agentOptions,
                                  SideConnections side, DriverMetrics metrics) throws SQLException {
        DatabaseFamily family = familyOf(jdbcUrl);
        if (family == null || isWrapped(real)) {
            return real;
        }
        Settings settings = SettingsResolver.resolve(Map.of(), info, agentOptions, System.getProperties(),
                SettingsResolver.loadClasspathFile());
        return settings.enabled() ? create(real, jdbcUrl, family, settings, side, metrics) : real;
    }

    /** Builds the wrapper; the caller closes {@code real} if this throws. */
    static SafeConnection create(Connection real, String userUrl, DatabaseFamily family, Settings settings,
                                 SideConnections side) throws SQLException {
        return create(real, userUrl, family, settings, side, DriverMetrics.current());
    }

    private static SafeConnection create(Connection real, String userUrl, DatabaseFamily family, Settings settings,
                                         SideConnections side, DriverMetrics metrics) throws SQLException {
        DatabaseMetaData meta = real.getMetaData();
        DatabaseSupport support = family.newSupport(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
        return new SafeConnection(real, userUrl, support, settings, metrics, side);
    }
}
