package dev.safemigrate.spring;

import dev.safemigrate.config.InvalidSettingException;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is given which data source, without a database (the integration tests run real migrations): Flyway and
 * Liquibase get the wrapper, the application's bean stays itself.
 */
class SafeMigrateAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SafeMigrateAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(Application.class);

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        StubDataSource dataSource() {
            return new StubDataSource();
        }

        /** Boot would migrate at start-up; there is no database here. */
        @Bean
        FlywayMigrationStrategy noMigration() {
            return flyway -> { };
        }
    }

    @Test
    void flywayMigratesThroughTheWrapperTheApplicationKeepsItsDataSource() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            DataSource flywayDataSource = context.getBean(Flyway.class).getConfiguration().getDataSource();
            assertThat(flywayDataSource).isInstanceOf(MigrationDataSource.class);
            assertThat(((MigrationDataSource) flywayDataSource).target()).isSameAs(context.getBean(StubDataSource.class));
            assertThat(context.getBeansOfType(DataSource.class).values()).singleElement().isInstanceOf(StubDataSource.class);
        });
    }

    @Test
    void offWithEnabledFalse() {
        runner.withPropertyValues("safemigrate.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MigrationDataSources.class);
            assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
                    .isSameAs(context.getBean(StubDataSource.class));
        });
    }

    @Test
    void aMisspeltEnabledIsRefusedNotTakenForOff() {
        runner.withPropertyValues("safemigrate.enabled=flase").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(InvalidSettingException.class)
                        .hasMessageContaining("Bad value 'flase' for setting 'safemigrate.enabled'"));
    }

    @Test
    void aBadSettingFailsTheStartWithTheDriversMessageAndAnAnalysis() {
        runner.withPropertyValues("safemigrate.batch.maxSize=lots").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("Bad value 'lots' for setting 'safemigrate.batch.maxSize' (Spring property");
            FailureAnalysis analysis = new SafeMigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("safemigrate refused its settings: Bad value 'lots'");
            assertThat(analysis.getAction()).contains("safemigrate.enabled=false");
        });
    }

    @Test
    void withoutFlywayOnTheClassPathNothingFlywayIsRegistered() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SafeMigrateAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(Flyway.class, SpringLiquibase.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MigrationDataSources.class)
                        .doesNotHaveBean(FlywayMigrationDataSource.class)
                        .doesNotHaveBean(LiquibaseMigrationDataSource.class));
    }

    @Test
    void everySpringLiquibaseBeanIsGivenTheWrapperBeforeItRuns() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SafeMigrateAutoConfiguration.class))
                .withUserConfiguration(Application.class, ManualLiquibase.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RecordingLiquibase liquibase = context.getBean(RecordingLiquibase.class);
                    assertThat(liquibase.dataSourceWhenRun).isInstanceOf(MigrationDataSource.class);
                    assertThat(((MigrationDataSource) liquibase.dataSourceWhenRun).target())
                            .isSameAs(context.getBean(StubDataSource.class));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ManualLiquibase {
        @Bean
        RecordingLiquibase liquibase(StubDataSource dataSource) {
            RecordingLiquibase liquibase = new RecordingLiquibase();
            liquibase.setDataSource(dataSource);
            return liquibase;
        }
    }

    /** Records the data source it has when Spring initialises it, where SpringLiquibase would run the changelog. */
    static class RecordingLiquibase extends SpringLiquibase implements InitializingBean {
        DataSource dataSourceWhenRun;

        @Override
        public void afterPropertiesSet() {
            dataSourceWhenRun = getDataSource();
        }
    }

    @Test
    void theWrapperClosesAnOwnedTargetAndUnwrapsToIt() throws Exception {
        StubDataSource target = new StubDataSource();
        MigrationDataSource wrapper = new MigrationDataSource(target, new java.util.Properties(),
                dev.safemigrate.observe.DriverMetrics.current());
        assertThat(wrapper.unwrap(StubDataSource.class)).isSameAs(target);
        assertThat(wrapper.isWrapperFor(MigrationDataSource.class)).isTrue();
        assertThat(wrapper.isWrapperFor(StubDataSource.class)).isTrue();
        wrapper.close();
        assertThat(target.closed).isTrue();
    }
}
