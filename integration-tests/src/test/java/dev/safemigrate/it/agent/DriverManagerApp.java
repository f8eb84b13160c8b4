package dev.safemigrate.it.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A tool that migrates with plain JDBC: {@code DriverManager.getConnection(url)} with the real
 * driver's URL, then each argument as one statement in autocommit. Run in a forked JVM by the agent tests.
 * It has Micrometer, with a registry in the global one, and reports the driver's {@code safemigrate.rewrites}
 * count there (the agent has no Micrometer of its own: it uses the application's).
 */
public final class DriverManagerApp {
    private DriverManagerApp() {
    }

    public static void main(String[] statements) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry());
        try (Connection c = DriverManager.getConnection(System.getenv("APP_URL"), System.getenv("APP_USER"),
                System.getenv("APP_PASSWORD"))) {
            System.out.println("connection=" + c.getClass().getName());
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
        double rewrites = 0;
        for (Counter c : Metrics.globalRegistry.find("safemigrate.rewrites").counters()) {
            rewrites += c.count();
        }
        System.out.println("meters.rewrites=" + (long) rewrites);
        System.out.println("done=true");
    }
}
