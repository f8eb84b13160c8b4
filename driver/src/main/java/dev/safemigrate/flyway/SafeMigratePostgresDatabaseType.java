package dev.safemigrate.flyway;

import dev.safemigrate.jdbc.SafeMigrateDriver;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.callback.CallbackExecutor;
import org.flywaydb.core.internal.database.DatabaseExecutionStrategy;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.ExecutionTemplate;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutorFactory;
import org.flywaydb.core.internal.sqlscript.SqlScriptFactory;

import java.sql.Connection;
import java.sql.Driver;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Flyway's PostgreSQL type for connections made by our driver. It answers only for a PostgreSQL
 * connection that is (or wraps) one our driver made ({@link SafeMigrateDriver#isSafeMigrateConnection}) — a plain {@code jdbc:postgresql:} connection,
 * or ours with {@code safemigrate.enabled=false}, goes to Flyway's stock type — and then does exactly
 * what Flyway's {@code PostgreSQLDatabaseType} does (it delegates every method to an instance of it),
 * with one difference: {@link #createDatabase} turns {@code flyway.postgresql.transactional.lock} off
 * unless the user set it (see {@link TransactionalLockDefault}).
 *
 * <p>It extends {@link BaseDatabaseType} from flyway-core rather than Flyway's PostgreSQL type, and
 * reaches that type by name: Flyway's {@code ServiceLoader} loads every plugin class listed in our jar,
 * and a superclass from a missing {@code flyway-database-postgresql} (a MySQL-only project) would
 * break Flyway itself. Without that module this type never claims a connection.
 *
 * <p>Priority 2: above the stock PostgreSQL type (0) and CockroachDB's (1); variants of PostgreSQL
 * that report the product name "PostgreSQL" (CockroachDB, Redshift, YugabyteDB) are left to their own
 * types by their {@code version()} text.
 */
public class SafeMigratePostgresDatabaseType extends BaseDatabaseType {

    static final String STOCK_TYPE = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";

    private volatile BaseDatabaseType stock;

    @Override
    public int getPriority() {
        return 2;
    }

    /** Flyway's own PostgreSQL type, or null when flyway-database-postgresql is not on the class path. */
    private BaseDatabaseType stockOrNull() {
        BaseDatabaseType s = stock;
        if (s == null) {
            try {
                s = (BaseDatabaseType) Class.forName(STOCK_TYPE, true, SafeMigratePostgresDatabaseType.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                return null;
            }
            stock = s;
        }
        return s;
    }

    private BaseDatabaseType stock() {
        BaseDatabaseType s = stockOrNull();
        if (s == null) {
            throw new IllegalStateException("flyway-database-postgresql is not on the class path");
        }
        return s;
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
                                                        Connection connection) {
        if (databaseProductName == null || !databaseProductName.startsWith("PostgreSQL") || !isOurs(connection)
                || !FlywayRelease.supported()) {
            return false;
        }
        BaseDatabaseType s = stockOrNull();
        if (s == null || !s.handlesDatabaseProductNameAndVersion(databaseProductName, databaseProductVersion, connection)) {
            return false;
        }
        String version = getSelectVersionOutput(connection).toLowerCase(Locale.ROOT);
        return !(version.contains("cockroachdb") || version.contains("redshift") || version.contains("-yb-"));
    }

    static boolean isOurs(Connection connection) {
        return SafeMigrateDriver.isSafeMigrateConnection(connection);
    }

    @Override
    public Database<?> createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
                                   StatementInterceptor statementInterceptor) {
        TransactionalLockDefault.applyTo(configuration);
        return stock().createDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    // Everything else: exactly Flyway's PostgreSQL type.

    @Override
    public String getName() {
        return stock().getName();
    }

    @Override
    public List<String> getSupportedEngines() {
        return stock().getSupportedEngines();
    }

    @Override
    public int getNullType() {
        return stock().getNullType();
    }

    @Override
    public boolean supportsReadOnlyTransactions() {
        return stock().supportsReadOnlyTransactions();
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        // URLs are claimed by SafeMigrateUrlDatabaseType (ours) and the stock types (everyone else's).
        return false;
    }

    @Override
    public Pattern getJDBCCredentialsPattern() {
        return stock().getJDBCCredentialsPattern();
    }

    @Override
    public List<Pattern> getJDBCCredentialsPatterns() {
        return stock().getJDBCCredentialsPatterns();
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return SafeMigrateUrlDatabaseType.DRIVER_CLASS;
    }

    @Override
    public String getBackupDriverClass(String url, ClassLoader classLoader) {
        return null;
    }

    @Override
    public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
                               ParsingContext parsingContext) {
        return stock().createParser(configuration, resourceProvider, parsingContext);
    }

    @Override
    public SqlScriptFactory createSqlScriptFactory(Configuration configuration, ParsingContext parsingContext) {
        return stock().createSqlScriptFactory(configuration, parsingContext);
    }

    @Override
    public SqlScriptExecutorFactory createSqlScriptExecutorFactory(JdbcConnectionFactory jdbcConnectionFactory,
                                                                   CallbackExecutor<Event> callbackExecutor,
                                                                   StatementInterceptor statementInterceptor) {
        return stock().createSqlScriptExecutorFactory(jdbcConnectionFactory, callbackExecutor, statementInterceptor);
    }

    @Override
    public DatabaseExecutionStrategy createExecutionStrategy(Connection connection) {
        return stock().createExecutionStrategy(connection);
    }

    @Override
    public ExecutionTemplate createTransactionalExecutionTemplate(Connection connection, boolean rollbackOnException) {
        return stock().createTransactionalExecutionTemplate(connection, rollbackOnException);
    }

    @Override
    public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
        stock().setDefaultConnectionProps(url, props, classLoader);
    }

    @Override
    public void setConfigConnectionProps(Configuration config, Properties props, ClassLoader classLoader) {
        stock().setConfigConnectionProps(config, props, classLoader);
    }

    @Override
    public void setOverridingConnectionProps(Map<String, String> props) {
        stock().setOverridingConnectionProps(props);
    }

    @Override
    public void shutdownDatabase(String url, Driver driver) {
        stock().shutdownDatabase(url, driver);
    }

    @Override
    public boolean externalAuthPropertiesRequired(String url, String username, String password) {
        return stock().externalAuthPropertiesRequired(url, username, password);
    }

    @Override
    public Properties getExternalAuthProperties(Configuration configuration, String url, String username) {
        return stock().getExternalAuthProperties(configuration, url, username);
    }

    @Override
    public Connection alterConnectionAsNeeded(Connection connection, Configuration configuration) {
        return stock().alterConnectionAsNeeded(connection, configuration);
    }

    @Override
    public String instantiateClassExtendedErrorMessage() {
        return stock().instantiateClassExtendedErrorMessage();
    }
}
