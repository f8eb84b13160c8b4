package dev.safemigrate.cli.demo;

import dev.safemigrate.cli.Main;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code safemigrate demo}: the same migration under the same load, through the bare driver and through
 * safemigrate, side by side. See docs/demo.md.
 */
public final class Demo {
    private Demo() {
    }

    /**
     * @param configureLogging whether this JVM's logger may be set up for the demo (only in a process of its
     *                         own: slf4j-simple's levels, once read, hold for the whole JVM)
     */
    public static int run(DemoOptions options, PrintStream out, PrintStream err, boolean configureLogging) {
        if (configureLogging) {
            quietLogs(options.verbose());
        }
        boolean terminal = System.console() != null;
        try (Progress progress = new Progress(err, options.progress(), terminal)) {
            return run(options, out, err, progress);
        }
    }

    /**
     * slf4j-simple (the logger in safemigrate.jar) reads its configuration once, at its first use: the
     * driver's retries are in the report, so its log is only shown with --verbose. Properties the user set
     * (-Dorg.slf4j.simpleLogger…) win.
     */
    private static void quietLogs(boolean verbose) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.dev.safemigrate", verbose ? "info" : "error");
        // zonky logs every line of initdb and the server's output at INFO
        setIfAbsent("org.slf4j.simpleLogger.log.io.zonky", verbose ? "warn" : "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static int run(DemoOptions options, PrintStream out, PrintStream err, Progress progress) {
        DemoServer server;
        try {
            if (options.embedded()) {
                progress.say("starting an embedded PostgreSQL (the first start unpacks it, a few seconds)…");
                server = DemoServer.embedded();
            } else {
                server = DemoServer.at(options.url(), options.user(), options.password());
            }
        } catch (DemoServer.UnavailableException e) {
            err.println("safemigrate demo: " + e.getMessage());
            return Main.DATABASE;
        }
        try (server) {
            return inSchema(options, server, out, err, progress);
        } catch (Exception e) {
            err.println("safemigrate demo: could not stop the embedded PostgreSQL: " + DemoServer.rootMessage(e));
            return Main.DATABASE;
        }
    }

    /** Creates the demo's schema, runs both runs in it, and drops it whatever happens. */
    private static int inSchema(DemoOptions options, DemoServer server, PrintStream out, PrintStream err,
                                Progress progress) {
        Scenario scenario = new Scenario(Scenario.randomSchemaName(), options.rows());
        server.applicationName("safemigrate demo " + scenario.schema());
        Thread dropOnExit = new Thread(() -> dropSchema(server, scenario.schema(), null, System.err), "demo-drop-schema");
        DdlCapture capture = null;
        boolean created = false;
        try {
            String version = server.version();
            try (Connection admin = server.open(null)) {
                try {
                    scenario.createSchema(admin);
                } catch (SQLException e) {
                    err.println("safemigrate demo: cannot create the demo's schema " + scenario.schema() + ": "
                            + e.getMessage() + " (SQLSTATE " + e.getSQLState() + "); the user needs the right to"
                            + " create a schema in the database (GRANT CREATE ON DATABASE …)");
                    return Main.DATABASE;
                }
                created = true;
                if (!server.isEmbedded()) {
                    // Ctrl-C during the run; the embedded server goes away with the JVM (zonky's own hook)
                    Runtime.getRuntime().addShutdownHook(dropOnExit);
                }
                if (server.isEmbedded()) {
                    capture = DdlCapture.install(admin, scenario.schema());
                }
            }
            String settings = "safemigrate.lockTimeout=" + options.lockTimeout().toMillis() + "ms"
                    + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100";
            progress.say("schema " + scenario.schema() + " on PostgreSQL " + version + " (" + server.description() + ")");
            DemoRun runs = new DemoRun(server, scenario, options.hold(), progress, capture);
            RunResult bare = runs.bare();
            RunResult safe = runs.safe(settings);
            progress.close();
            Report.print(out, new Report.Setup(server.description(), version, scenario.schema(), options.rows(),
                    Format.duration(options.hold()), Format.duration(options.lockTimeout()), settings,
                    capture != null), bare, safe);
            if (bare.failed() || safe.failed()) {
                return Main.DATABASE;
            }
            return Report.endStatesMatch(bare, safe) ? Main.OK : Main.FAILED_CHECK;
        } catch (SQLException e) {
            progress.close();
            err.println("safemigrate demo: the database failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return Main.DATABASE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("safemigrate demo: interrupted");
            return Main.DATABASE;
        } finally {
            if (created) {
                try {
                    Runtime.getRuntime().removeShutdownHook(dropOnExit); // false (not registered) when embedded
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook drops the schema
                }
                if (dropSchema(server, scenario.schema(), capture, err) && !server.isEmbedded()) {
                    out.println("Schema " + scenario.schema() + " dropped.");
                }
            }
        }
    }

    private static void endOtherSessions(Connection c, String applicationName) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> pg_backend_pid() AND datname = current_database()")) {
            ps.setString(1, applicationName);
            ps.executeQuery().close();
        }
    }

    /** @return whether the schema is gone */
    private static boolean dropSchema(DemoServer server, String schema, DdlCapture capture, PrintStream err) {
        try (Connection admin = server.open(null)) {
            if (capture != null) {
                capture.remove(admin);
            }
            // Interrupted mid-run, the load, the report and a waiting ALTER still hold or queue for locks on
            // the schema's tables (the DROP would wait for them, or deadlock with them): end this run's own
            // sessions first. After a normal run there are none.
            endOtherSessions(admin, server.applicationName());
            Scenario.dropSchema(admin, schema);
            return true;
        } catch (SQLException e) {
            err.println("safemigrate demo: could not drop schema " + schema + ": " + e.getMessage()
                    + "; drop it with DROP SCHEMA \"" + schema + "\" CASCADE");
            return false;
        }
    }
}
