/**
 * The Spring Boot starter: makes the DataSource that Flyway and Liquibase migrate through safe, and only that one.
 *
 * <ul>
 *   <li>{@link dev.safemigrate.spring.SafeMigrateAutoConfiguration}: what is registered, and when;</li>
 *   <li>{@link dev.safemigrate.spring.SafeMigrateSettings}: {@code safemigrate.*} from the Spring environment,
 *       checked at start-up with the driver's own messages;</li>
 *   <li>{@link dev.safemigrate.spring.MigrationDataSources} and {@link dev.safemigrate.spring.MigrationDataSource}:
 *       the wrapper, which hands out the driver's connections over the migration tool's own data source;</li>
 *   <li>{@link dev.safemigrate.spring.FlywayMigrationDataSource} and
 *       {@link dev.safemigrate.spring.LiquibaseMigrationDataSource}: where the wrapper is put in.</li>
 * </ul>
 * The application's own DataSource bean is never replaced: its connections, and everything the application
 * runs on them, stay the pool's.
 */
package dev.safemigrate.spring;
