package dev.safemigrate;

import dev.safemigrate.observe.DriverMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Programmatic entry points beside the JDBC URL. Everything else is configured with
 * {@code safemigrate.*} settings (see docs/settings.md).
 */
public final class SafeMigrate {
    private SafeMigrate() {
    }

    /**
     * Publishes the driver's metrics to {@code registry} instead of Micrometer's global registry,
     * for connections opened after this call.
     */
    public static void useMeterRegistry(MeterRegistry registry) {
        DriverMetrics.useRegistry(registry);
    }
}
