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
     *
     * <p>Micrometer is an optional dependency of the driver: without it on the class path the metrics are a
     * no-op. This class is the driver's typed entry point for applications that have it; the JDBC path never
     * loads it (only the command line's demo, whose jar bundles Micrometer, calls it).
     */
    public static void useMeterRegistry(MeterRegistry registry) {
        DriverMetrics.useRegistry(registry);
    }
}
