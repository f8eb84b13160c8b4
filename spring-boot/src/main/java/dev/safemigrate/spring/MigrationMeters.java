package dev.safemigrate.spring;

import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.micrometer.MicrometerDriverMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The driver's meters on the application's {@link MeterRegistry} (Boot's actuator registry, or a registry bean
 * of the application's own), made once; without a unique registry bean, the driver's default (Micrometer's
 * global registry). Only loaded when Micrometer is on the class path.
 */
final class MigrationMeters implements MigrationMetrics {
    private final ObjectProvider<MeterRegistry> registries;
    private volatile DriverMetrics metrics;

    MigrationMeters(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public DriverMetrics driverMetrics() {
        DriverMetrics m = metrics;
        if (m == null) {
            synchronized (this) {
                m = metrics;
                if (m == null) {
                    MeterRegistry registry = registries.getIfUnique();
                    m = registry == null ? DriverMetrics.current() : MicrometerDriverMetrics.on(registry);
                    metrics = m;
                }
            }
        }
        return m;
    }
}
