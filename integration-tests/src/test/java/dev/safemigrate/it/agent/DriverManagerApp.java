package dev.safemigrate.it.agent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A tool that migrates with plain JDBC: {@code DriverManager.getConnection(url)} with the real
 * driver's URL, then each argument as one statement in autocommit. Run in a forked JVM by the agent tests.
 */
public final class DriverManagerApp {
    private DriverManagerApp() {
    }

    public static void main(String[] statements) throws Exception {
        try (Connection c = DriverManager.getConnection(System.getenv("APP_URL"), System.getenv("APP_USER"),
                System.getenv("APP_PASSWORD"))) {
            System.out.println("connection=" + c.getClass().getName());
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
        System.out.println("done=true");
    }
}
