package dev.safemigrate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.EngineTest;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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

/**
 * HikariCP with {@code jdbcUrl = jdbc:safemigrate:postgresql://…} or {@code jdbc:safemigrate:mysql://…}
 * (MariaDB) and no driver class configured, on each engine.
 */
class PoolTest {
    private final Engine engine;
    private final TestDatabase db;
    private final Dialect dialect;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private HikariDataSource ds;

    /**
     * What differs per engine: the driver's retry settings (MySQL and MariaDB count the lock timeout in whole
     * seconds), the application's own session lock timeout, how to read it back and the value expected, the
     * column type the ALTER adds, and how long a reader may wait.
     */
    private record Dialect(String retrying, String tableOptions, String appLockTimeoutSql, String readLockTimeoutSql,
                           String appLockTimeout, String noteType, long maxReadMillis) {
        static Dialect of(Engine engine) {
            return switch (engine) {
                case POSTGRESQL -> new Dialect("safemigrate.lockTimeout=500ms&safemigrate.retry.baseDelay=200ms"
                        + "&safemigrate.retry.maxDelay=500ms&safemigrate.retry.maxAttempts=100",
                        "", "SET lock_timeout = '7s'", "SHOW lock_timeout", "7s", "text", 1000);
                case MYSQL -> new Dialect("safemigrate.lockTimeout=1s&safemigrate.retry.baseDelay=200ms"
                        + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100",
                        " ENGINE=InnoDB", "SET SESSION lock_wait_timeout = 77", "SELECT @@session.lock_wait_timeout",
                        "77", "varchar(20)",
                        1500); // the 1 s lock_wait_timeout (whole seconds) plus a margin
            };
        }
    }

    PoolTest(Engine engine, TestDatabase db) {
        this.engine = engine;
        this.db = db;
        this.dialect = Dialect.of(engine);
    }

    @BeforeEach
    void start() throws SQLException {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)" + dialect.tableOptions(),
                "INSERT INTO accounts VALUES (1, 100), (2, 100)");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.safeUrl(dialect.retrying()));
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(1); // every getConnection() reuses the same session
        config.setConnectionInitSql(dialect.appLockTimeoutSql()); // the application's own session value
        ds = new HikariDataSource(config);
    }

    @AfterEach
    void stop() {
        ds.close();
        pool.shutdownNow();
    }

    @EngineTest
    void pooledConnectionsAreSafemigrateWrappersOverTheRealDriver() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(c.unwrap(Connection.class).getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            switch (engine) {
                case POSTGRESQL -> {
                    assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
                    assertThat(c.unwrap(org.postgresql.PGConnection.class).getBackendPID()).isPositive();
                    assertThat(c.getMetaData().getURL()).startsWith("jdbc:safemigrate:postgresql:");
                }
                case MYSQL -> {
                    Class<? extends Connection> realType;
                    try (Connection bare = db.openBare()) {
                        realType = bare.getClass(); // e.g. org.mariadb.jdbc.Connection or com.mysql.cj.jdbc.ConnectionImpl
                    }
                    assertThat(c.isWrapperFor(realType)).isTrue();
                    assertThat(c.unwrap(realType)).isInstanceOf(realType);
                    assertThat(c.getMetaData().getURL()).startsWith("jdbc:safemigrate:");
                    assertThat(c.getMetaData().getDriverName()).doesNotContain("safemigrate");
                }
            }
        }
        try (Connection c = DriverManager.getConnection(db.safeUrl(), db.user(), db.password())) {
            assertThat(c.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        }
    }

    @EngineTest
    void anAlterThroughThePoolRetriesBehindABlockerAndTheSessionKeepsItsLockTimeout() throws Exception {
        String pid;
        try (Connection c = ds.getConnection()) {
            pid = queryString(c, engine.sessionIdSql());
        }
        List<Long> reads = new ArrayList<>();
        boolean doneWhileBlocked;
        Future<Long> alter;
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            alter = pool.submit(() -> millis(() -> {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    return st.execute("ALTER TABLE accounts ADD COLUMN note " + dialect.noteType());
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
        System.out.println("ALTER through the pool behind a 2.8 s blocker (" + engine + "): " + alterMillis
                + " ms; readers " + reads);
        assertThat(doneWhileBlocked).as("the ALTER waits for the blocker (retrying)").isFalse();
        assertThat(alterMillis).isGreaterThanOrEqualTo(2500);
        assertThat(reads).as("readers are not queued behind the ALTER for its whole wait").allSatisfy(
                ms -> assertThat(ms).isLessThan(dialect.maxReadMillis()));
        assertThat(columnExists(db, "accounts", "note")).isTrue();

        try (Connection c = ds.getConnection()) {
            assertThat(queryString(c, engine.sessionIdSql())).as("the pool reused its one session").isEqualTo(pid);
            assertThat(queryString(c, dialect.readLockTimeoutSql())).as("the session's own lock timeout after the DDL")
                    .isEqualTo(dialect.appLockTimeout());
        }
    }
}
