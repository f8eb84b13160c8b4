package dev.safemigrate.spring;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Names flyway-database-postgresql's types, so it is only loaded when that module is there (a MySQL-only
 * application does not have it).
 */
final class PostgresTransactionalLock {
    private PostgresTransactionalLock() {
    }

    static void turnOff(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }
}
