package dev.safemigrate.observe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DriverMetricsTest {
    @Test
    void rewritesAreCountedPerRule() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics.useRegistry(registry);
        DriverMetrics metrics = DriverMetrics.current();
        metrics.rewrite("create-index");
        metrics.rewrite("create-index");
        metrics.rewrite("add-foreign-key");
        assertThat(registry.get("safemigrate.rewrites").tag("rule", "create-index").counter().count()).isEqualTo(2);
        assertThat(registry.get("safemigrate.rewrites").tag("rule", "add-foreign-key").counter().count()).isEqualTo(1);
    }
}
