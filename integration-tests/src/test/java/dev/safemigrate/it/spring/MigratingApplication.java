package dev.safemigrate.it.spring;

import dev.safemigrate.it.db.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * A Spring Boot application as users write one: auto-configuration on, its DataSource from
 * {@code spring.datasource.*}, Flyway or Liquibase migrating at start-up, a meter registry bean of its own, and the
 * starter on the class path, nothing else done for it.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class MigratingApplication {

    /** The application's own registry: the driver's meters are expected here, not in Micrometer's global one. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /**
     * Starts the application on {@code url} (a plain JDBC URL to {@code db}'s server, as the application's own
     * {@code spring.datasource.url}) with {@code properties} ({@code name=value}) beside it; the caller closes it.
     */
    public static ConfigurableApplicationContext start(TestDatabase db, String url, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + db.password(),
                "spring.datasource.hikari.maximum-pool-size=" + ApplicationChecks.POOL_SIZE,
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(MigratingApplication.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }
}
