package dev.safemigrate.it.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A running application the agent is attached to later: it opens a first connection with the plain
 * URL, prints {@code first=<class>}, waits until the file named by {@code APP_SIGNAL} exists (the test
 * creates it after attaching the agent), then opens a second connection and runs each argument on it.
 * Run in a forked JVM by {@code AgentAttachTest}.
 */
public final class AttachLaterApp {
    private AttachLaterApp() {
    }

    public static void main(String[] statements) throws Exception {
        String url = System.getenv("APP_URL");
        String user = System.getenv("APP_USER");
        String password = System.getenv("APP_PASSWORD");
        Path signal = Path.of(System.getenv("APP_SIGNAL"));
        try (Connection first = DriverManager.getConnection(url, user, password)) {
            System.out.println("first=" + first.getClass().getName());
            System.out.flush();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(signal)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("no signal within 120 s");
                    System.exit(3);
                }
                Thread.sleep(20);
            }
            try (Connection second = DriverManager.getConnection(url, user, password)) {
                System.out.println("second=" + second.getClass().getName());
                try (Statement s = second.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                }
            }
            try (Statement s = first.createStatement()) {
                s.execute("SELECT 1");
            }
            System.out.println("first.after=" + first.getClass().getName());
        }
        System.out.println("done=true");
    }
}
