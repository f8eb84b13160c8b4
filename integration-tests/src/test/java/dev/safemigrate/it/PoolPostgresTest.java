package dev.safemigrate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.columnExists;
import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.millis;
import static dev.safemigrate.it.support.Sessions.queryString;
import static dev.safemigrate.it.support.Sessions.readLatency;
import static org.assertj.core.api.Assertions.assertThat;

/** HikariCP 6 with {@code jdbcUrl = jdbc:safemigrate:postgresql://…} and no driver class configured. */
@RealDatabase(Engine.POSTGRESQL)
class PoolPostgresTest {
    private static final String RETRYING = "safemigrate.lockTimeout=500ms&safemigrate.retry.baseDelay=200ms"
            + "&safemigrate.retry.maxDelay=500ms&safemigrate.retry.maxAttempts=100";

    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private HikariDataSource ds;

    PoolPostgresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void start() throws SQLException {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
                "INSERT INTO accounts VALUES (1, 100), (2, 100)");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.safeUrl(RETRYING));
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(1); // every getConnection() reuses the same session
        config.setConnectionInitSql("SET lock_timeout = '7s'"); // the application's own session value
        ds = new HikariDataSource(config);
    }

    @AfterEach
    void stop() {
        ds.close();
        pool.shutdownNow();
    }

    @Test
    void pooledConnectionsAreSafemigrateWrappersOverTheRealDriver() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(c.unwrap(Connection.class).getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
            assertThat(c.unwrap(org.postgresql.PGConnection.class).getBackendPID()).isPositive();
            assertThat(c.getMetaData().getURL()).startsWith("jdbc:safemigrate:postgresql:");
        }
        try (Connection c = DriverManager.getConnection(db.safeUrl(), db.user(), db.password())) {
            assertThat(c.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        }
    }

    @Test
    void anAlterThroughThePoolRetriesBehindABlockerAndTheSessionKeepsItsLockTimeout() throws Exception {
        String pid;
        try (Connection c = ds.getConnection()) {
            pid = queryString(c, "SELECT pg_backend_pid()::text");
        }
        List<Long> reads = new ArrayList<>();
        boolean doneWhileBlocked;
        Future<Long> alter;
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            alter = pool.submit(() -> millis(() -> {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    return st.execute("ALTER TABLE accounts ADD COLUMN note text");
                }
            }));
            Thread.sleep(300);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            while (System.nanoTime() < until) {
                reads.add(readLatency(db, "accounts"));
                Thread.sleep(100);
            }
            doneWhileBlocked = alter.isDone();
            blocker.commit();
        }
        long alterMillis = alter.get(30, TimeUnit.SECONDS);
        System.out.println("ALTER through the pool behind a 2.8 s blocker: " + alterMillis + " ms; readers " + reads);
        assertThat(doneWhileBlocked).as("the ALTER waits for the blocker (retrying)").isFalse();
        assertThat(alterMillis).isGreaterThanOrEqualTo(2500);
        assertThat(reads).as("readers are not queued behind the ALTER for its whole wait").allSatisfy(
                ms -> assertThat(ms).isLessThan(1000));
        assertThat(columnExists(db, "accounts", "note")).isTrue();

        try (Connection c = ds.getConnection()) {
            assertThat(queryString(c, "SELECT pg_backend_pid()::text")).as("the pool reused its one session").isEqualTo(pid);
            assertThat(queryString(c, "SHOW lock_timeout")).as("the session's own lock_timeout after the DDL").isEqualTo("7s");
        }
    }
}
