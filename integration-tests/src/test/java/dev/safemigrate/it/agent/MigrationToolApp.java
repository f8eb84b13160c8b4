package dev.safemigrate.it.agent;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * An application that migrates on start-up: first it does some work of its own on a plain
 * {@code DriverManager} connection (the first argument, one statement), then it runs Flyway on the
 * migrations of the folder given as the second argument, with the same plain URL. Run in a forked JVM
 * by the agent tests with {@code when=migration-tool}.
 */
public final class MigrationToolApp {
    private MigrationToolApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("APP_URL");
        String user = System.getenv("APP_USER");
        String password = System.getenv("APP_PASSWORD");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            System.out.println("appConnection=" + c.getClass().getName());
            s.execute(args[0]);
        }
        int executed = Flyway.configure().dataSource(url, user, password).locations("filesystem:" + args[1])
                .callbacks(FlywayApp.reportingConnection()).load()
                .migrate().migrationsExecuted;
        System.out.println("migrationsExecuted=" + executed);
        System.out.println("done=true");
    }
}
