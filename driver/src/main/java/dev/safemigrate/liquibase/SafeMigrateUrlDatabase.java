package dev.safemigrate.liquibase;

import dev.safemigrate.jdbc.SafeUrl;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.UnsupportedDatabase;

/**
 * Lets Liquibase open {@code jdbc:safemigrate:} URLs without {@code driver=}. Loaded only by
 * Liquibase's service locator ({@code META-INF/services/liquibase.database.Database}); nothing else in
 * the driver refers to it, so the driver works without Liquibase on the class path.
 *
 * <p>Liquibase finds a driver class by asking one {@code Database} per short name for
 * {@code getDefaultDriver(url)}, and picks the {@code Database} for a connection by asking each one
 * {@code isCorrectDatabaseImplementation}. This type answers only the first question, and only for our
 * prefix; it never claims a connection. A safemigrate connection reports the real product name
 * (PostgreSQL, MySQL, MariaDB), so Liquibase then picks its stock {@code PostgresDatabase},
 * {@code MySQLDatabase} or {@code MariaDBDatabase}, exactly as for the plain URL.
 *
 * <p>Why not subclasses of the stock types: the factory keeps only the highest-priority type per short
 * name for both questions. A subclass sharing the short name {@code postgresql} would either never be
 * asked (lower priority) or hide the stock type from plain connections (higher priority).
 */
public class SafeMigrateUrlDatabase extends UnsupportedDatabase {
    static final String PREFIX = SafeUrl.PREFIX;
    static final String DRIVER = "dev.safemigrate.jdbc.SafeMigrateDriver";

    @Override
    public String getShortName() {
        return "safemigrate";
    }

    @Override
    protected String getDefaultDatabaseProductName() {
        return "safemigrate";
    }

    @Override
    public String getDefaultDriver(String url) {
        return url != null && url.startsWith(PREFIX) ? DRIVER : null;
    }

    @Override
    public boolean isCorrectDatabaseImplementation(DatabaseConnection conn) {
        return false;
    }

    @Override
    public int getPriority() {
        return PRIORITY_DEFAULT;
    }
}
