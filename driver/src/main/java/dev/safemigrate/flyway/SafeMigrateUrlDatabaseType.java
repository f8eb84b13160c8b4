package dev.safemigrate.flyway;

import dev.safemigrate.jdbc.SafeUrl;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

import java.sql.Connection;
import java.sql.Types;

/**
 * A URL-only Flyway database type, modelled on Flyway's own {@code TestContainersDatabaseType}:
 * Flyway refuses a URL no database plugin claims, so this one claims {@code jdbc:safemigrate:} and
 * names our driver class. It never answers for a connection: once connected, Flyway picks its type
 * from {@code DatabaseMetaData.getDatabaseProductName()}, which our wrapper reports as the real
 * product (PostgreSQL, MySQL, MariaDB), so the stock type (or {@link SafeMigratePostgresDatabaseType})
 * takes over.
 */
public class SafeMigrateUrlDatabaseType extends BaseDatabaseType {

    static final String URL_PREFIX = SafeUrl.PREFIX;
    static final String DRIVER_CLASS = "dev.safemigrate.jdbc.SafeMigrateDriver";

    @Override
    public String getName() {
        return "safemigrate";
    }

    @Override
    public int getNullType() {
        return Types.NULL;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return DRIVER_CLASS;
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
                                                        Connection connection) {
        return false;
    }

    @Override
    public Database<?> createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
                                   StatementInterceptor statementInterceptor) {
        throw new FlywayException("safemigrate only wraps a real database's driver; the type of the database"
                + " behind " + URL_PREFIX + " comes from the connection");
    }

    @Override
    public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
                               ParsingContext parsingContext) {
        throw new FlywayException("safemigrate only wraps a real database's driver; the type of the database"
                + " behind " + URL_PREFIX + " comes from the connection");
    }
}
