package dev.safemigrate.spring;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Gives Flyway the safe form of the data source Spring Boot chose for it: a {@code @FlywayDataSource} bean, one
 * built from {@code spring.flyway.url}, or the application's DataSource. Runs after every other customizer
 * (lowest precedence), so that one that sets a data source of its own is wrapped too.
 *
 * <p>On PostgreSQL it also turns Flyway's transactional advisory lock off unless the application set
 * {@code spring.flyway.postgresql.transactional-lock}, as the driver's Flyway plugin does for
 * {@code jdbc:safemigrate:} URLs (docs/flyway.md): with the lock on, Flyway holds a transaction open for the whole
 * run, and an index build run {@code CONCURRENTLY} waits for every open transaction, Flyway's own included. The
 * plugin cannot do it here: it needs Flyway 13, and Spring Boot 3.5's Flyway support runs on Flyway 11.
 */
final class FlywayMigrationDataSource implements FlywayConfigurationCustomizer, Ordered {
    static final String TRANSACTIONAL_LOCK = "spring.flyway.postgresql.transactional-lock";
    private static final String POSTGRESQL_EXTENSION = "org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension";

    private final MigrationDataSources dataSources;
    private final Environment environment;

    FlywayMigrationDataSource(MigrationDataSources dataSources, Environment environment) {
        this.dataSources = dataSources;
        this.environment = environment;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.dataSource(dataSources.wrap(configuration.getDataSource()));
        if (!environment.containsProperty(TRANSACTIONAL_LOCK)
                && ClassUtils.isPresent(POSTGRESQL_EXTENSION, FlywayMigrationDataSource.class.getClassLoader())) {
            PostgresTransactionalLock.turnOff(configuration);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
