package dev.safemigrate.spring;

import dev.safemigrate.observe.DriverMetrics;

/**
 * Where the migration connections report their meters. An interface that names no Micrometer type, so that the
 * auto-configuration loads without Micrometer; {@link MigrationMeters} is the one made when it is there.
 */
interface MigrationMetrics {
    DriverMetrics driverMetrics();
}
