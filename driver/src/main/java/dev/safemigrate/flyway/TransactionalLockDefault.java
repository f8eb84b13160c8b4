package dev.safemigrate.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The only class that touches {@code flyway-database-postgresql}'s configuration; it is loaded only
 * after {@link SafeMigratePostgresDatabaseType} has claimed a PostgreSQL connection, which it does only
 * when that module is present.
 */
final class TransactionalLockDefault {
    private static final Log LOG = LogFactory.getLog(TransactionalLockDefault.class);

    private TransactionalLockDefault() {
    }

    /**
     * Turns {@code flyway.postgresql.transactional.lock} off in this configuration unless the user set it.
     * With Flyway's default (on), its advisory lock is held in an open transaction on a second connection
     * for the whole run, and every {@code CREATE INDEX CONCURRENTLY} the driver issues would wait for it.
     *
     * @return true when this call changed the setting
     */
    static boolean applyTo(Configuration configuration) {
        PostgreSQLConfigurationExtension extension =
                configuration.getPluginRegister().getExact(PostgreSQLConfigurationExtension.class);
        if (extension == null) {
            return false;
        }
        if (userChoseIt(extension, configuration.getPluginRegister().getExact(TransactionalLockIntent.class))) {
            if (extension.isTransactionalLock()) {
                LOG.warn("safemigrate: flyway.postgresql.transactional.lock is set to true; migrations"
                        + " whose index builds the driver runs CONCURRENTLY will fail fast (SQLSTATE 55P03)"
                        + " instead of waiting for Flyway's own lock. Set it to false to let them run.");
            }
            return false;
        }
        extension.setTransactionalLock(false);
        LOG.info("safemigrate: using Flyway's session advisory lock (flyway.postgresql.transactional.lock=false)"
                + " so that concurrent index builds do not wait for Flyway's own lock transaction;"
                + " set flyway.postgresql.transactional.lock explicitly to override");
        return true;
    }

    /**
     * True when the setting's value is the user's: given as a property (seen by {@link TransactionalLockIntent}),
     * or set on Flyway's extension through the Java API. A value on the extension that Flyway's own copy
     * filled in (a configuration built from properties that did not name the setting) is not.
     */
    private static boolean userChoseIt(PostgreSQLConfigurationExtension extension, TransactionalLockIntent intent) {
        if (intent != null && intent.userValue() != null) {
            return true;
        }
        boolean setOnExtension = extension.getTransactional() != null && extension.getTransactional().getLock() != null;
        if (!setOnExtension) {
            return false;
        }
        // Set, but the properties did not name it: when the extensions came from properties and Flyway
        // then copied them, the value is the copy's filled-in default. (A program that configures from
        // properties AND calls setTransactionalLock(true) on the extension is taken for the default too:
        // name the setting in the properties instead.)
        return intent == null || !intent.copiedFromConfiguredProperties();
    }
}
