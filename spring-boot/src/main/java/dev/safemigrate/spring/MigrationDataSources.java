package dev.safemigrate.spring;

import dev.safemigrate.observe.DriverMetrics;

import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Makes a migration tool's data source safe ({@link #wrap}). A bean: code that runs Flyway or Liquibase by hand
 * (not through Boot's auto-configuration) can take it and wrap the data source it gives the tool.
 */
public final class MigrationDataSources {
    private final SafeMigrateSettings settings;
    private final Supplier<DriverMetrics> metrics;

    /**
     * @param metrics asked at the first {@link #wrap}, once the context's meter registry exists
     */
    public MigrationDataSources(SafeMigrateSettings settings, Supplier<DriverMetrics> metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** {@code dataSource} made safe; null and an already wrapped one are returned as they are. */
    public DataSource wrap(DataSource dataSource) {
        if (dataSource == null || dataSource instanceof MigrationDataSource) {
            return dataSource;
        }
        return new MigrationDataSource(dataSource, settings.asProperties(), metrics.get());
    }
}
