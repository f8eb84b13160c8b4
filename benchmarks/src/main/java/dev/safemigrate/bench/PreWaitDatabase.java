package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The database {@link PreWaitBenchmark} runs against ({@code --db=postgresql|mariadb}): its bare URL and
 * credentials from the environment, and the few statements that differ per dialect (setting up, building the
 * table, asking whether the ALTER added its column). The ALTER, the blocker's read, the storm's UPDATE and the
 * readers' SELECT are the same on both.
 */
abstract class PreWaitDatabase {
    static final String TABLE = "prewait_bench";
    static final int ROWS = 1000;

    final String url;
    private final Properties credentials = new Properties();

    PreWaitDatabase(String url, String user, String password) {
        this.url = url;
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /** {@code postgresql} or {@code mariadb}, with the URL and credentials from that database's variables. */
    static PreWaitDatabase of(String db) {
        return switch (db) {
            case "postgresql" -> new PreWaitPostgres(
                    env("SAFEMIGRATE_BENCH_PG_URL",
                            "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=safemigrate_prewait_bench"),
                    env("SAFEMIGRATE_BENCH_PG_USER", "postgres"), System.getenv("SAFEMIGRATE_BENCH_PG_PASSWORD"));
            case "mariadb" -> new PreWaitMariaDb(
                    env("SAFEMIGRATE_BENCH_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test"),
                    env("SAFEMIGRATE_BENCH_MYSQL_USER", "root"), System.getenv("SAFEMIGRATE_BENCH_MYSQL_PASSWORD"));
            default -> throw new IllegalArgumentException("--db must be postgresql or mariadb, not " + db);
        };
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** For the printed headings, e.g. {@code PostgreSQL}. */
    abstract String label();

    Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    Connection bare() throws SQLException {
        return connect(url);
    }

    /**
     * Creates what the table needs to live in, prints the server's version and lock settings and checks what the
     * run depends on; false (after printing why) when the server cannot run the benchmark meaningfully.
     */
    abstract boolean prepare() throws SQLException;

    /** Drops and builds the table: {@link #ROWS} rows (id, balance = 100), statistics fresh. */
    abstract void createTable(Statement st) throws SQLException;

    /** Whether the ALTER's column {@code added} is there. */
    abstract boolean columnExists(Connection c) throws SQLException;
}
