/**
 * Flyway integration, loaded only by Flyway's {@code ServiceLoader}
 * ({@code META-INF/services/org.flywaydb.core.extensibility.Plugin}). Nothing outside this package
 * refers to Flyway, so the driver works without Flyway on the class path.
 *
 * <ul>
 *   <li>{@link dev.safemigrate.flyway.SafeMigrateUrlDatabaseType}: claims {@code jdbc:safemigrate:} URLs
 *       and names our driver; after connecting, Flyway's stock type for the real product takes over.</li>
 *   <li>{@link dev.safemigrate.flyway.SafeMigratePostgresDatabaseType}: answers for PostgreSQL connections
 *       made by our driver, turns Flyway's transactional advisory lock off unless the user set it, and
 *       otherwise behaves as Flyway's own PostgreSQL type (it delegates to it).</li>
 * </ul>
 */
package dev.safemigrate.flyway;
