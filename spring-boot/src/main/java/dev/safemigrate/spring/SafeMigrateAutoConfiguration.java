package dev.safemigrate.spring;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.observe.DriverMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes the migrations of a Spring Boot application safe, and nothing else: Flyway's and Liquibase's data source
 * is wrapped for them ({@link FlywayMigrationDataSource}, {@link LiquibaseMigrationDataSource}); the application's
 * DataSource bean is not replaced. {@code safemigrate.*} settings are read and checked at start-up
 * ({@link SafeMigrateSettings}); the driver's meters go to the application's meter registry. Off with
 * {@code safemigrate.enabled=false}: then nothing here is registered.
 */
@AutoConfiguration
@Conditional(SafeMigrateEnabled.class)
public class SafeMigrateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MigrationDataSources safeMigrateMigrationDataSources(Environment environment,
                                                         ObjectProvider<MigrationMetrics> meters)
            throws InvalidSettingException {
        SafeMigrateSettings settings = SafeMigrateSettings.from(environment);
        return new MigrationDataSources(settings, () -> {
            MigrationMetrics m = meters.getIfAvailable();
            return m == null ? DriverMetrics.current() : m.driverMetrics();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        @Bean
        MigrationMetrics safeMigrateMeters(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registries) {
            return new MigrationMeters(registries);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.flywaydb.core.Flyway",
            "org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer"})
    static class Flyway {
        @Bean
        FlywayConfigurationCustomizer safeMigrateFlywayDataSource(MigrationDataSources dataSources,
                                                                  Environment environment) {
            return new FlywayMigrationDataSource(dataSources, environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
    static class Liquibase {
        /** Static: a post-processor is instantiated before the configuration class's other beans. */
        @Bean
        static LiquibaseMigrationDataSource safeMigrateLiquibaseDataSource(
                ObjectProvider<MigrationDataSources> dataSources) {
            return new LiquibaseMigrationDataSource(dataSources);
        }
    }
}
