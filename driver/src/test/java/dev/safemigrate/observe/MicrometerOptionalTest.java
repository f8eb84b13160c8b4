package dev.safemigrate.observe;

import dev.safemigrate.jdbc.SafeMigrateDriver;
import dev.safemigrate.observe.micrometer.MicrometerDriverMetrics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is optional: only dev.safemigrate.observe.micrometer may refer to it, besides the entry point
 * that takes the application's registry (the command line, module cli, depends on Micrometer itself).
 * NoMicrometerTest runs the driver without it.
 */
class MicrometerOptionalTest {
    /**
     * Outside the micrometer package: SafeMigrate (useMeterRegistry(MeterRegistry); only an application that has
     * a registry loads it).
     */
    private static final Set<String> ALLOWED = Set.of("dev/safemigrate/SafeMigrate.class");

    @Test
    void noDriverClassOutsideTheMicrometerPackageRefersToMicrometer() throws Exception {
        Path classes = Path.of(SafeMigrateDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        List<String> allowedSeen = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("dev/safemigrate/observe/micrometer/")) {
                    continue;
                }
                scanned++;
                // Class names in the constant pool are modified UTF-8; ASCII names appear verbatim. Types are
                // named with slashes; a dotted name is a string (DriverMetrics' Class.forName probe), no link.
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (bytes.contains("io/micrometer")) {
                    (ALLOWED.contains(relative) ? allowedSeen : offenders).add(relative);
                }
            }
        }
        assertThat(scanned).as("class files scanned").isGreaterThan(50);
        assertThat(offenders).isEmpty();
        assertThat(allowedSeen).as("the allowed list is current").containsExactlyInAnyOrderElementsOf(ALLOWED);
    }

    @Test
    void withMicrometerTheDefaultMetersAreOnTheGlobalRegistry() {
        // Registered when DriverMetrics was initialised, whatever registry later tests chose.
        DriverMetrics.current();
        assertThat(Metrics.globalRegistry.find("safemigrate.statements").tag("kind", "ddl").counter()).isNotNull();
        assertThat(Metrics.globalRegistry.find("safemigrate.batch.active").gauge()).isNotNull();
    }

    @Test
    void useRegistryTakesAMeterRegistryOnly() {
        DriverMetrics before = DriverMetrics.current();
        assertThat(before).isInstanceOf(MicrometerDriverMetrics.class);
        assertThatThrownBy(() -> DriverMetrics.useRegistry("not a registry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> DriverMetrics.useRegistry(null)).isInstanceOf(NullPointerException.class);
        assertThat(DriverMetrics.current()).isSameAs(before);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics.useRegistry(registry);
        DriverMetrics.current().statement(dev.safemigrate.sql.StatementKind.QUERY);
        assertThat(registry.get("safemigrate.statements").tag("kind", "query").counter().count()).isEqualTo(1);
    }
}
