package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.execution.DdlLockException;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
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
import static dev.safemigrate.it.support.Sessions.queryLong;
import static dev.safemigrate.it.support.Sessions.readLatency;
import static dev.safemigrate.it.support.Sessions.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DDL through the driver on MySQL/MariaDB: a short {@code lock_wait_timeout} so a waiting ALTER does
 * not hold readers behind its pending metadata lock, retries, and the session's values restored.
 * MariaDB's default {@code lock_wait_timeout} is a day.
 */
@RealDatabase(Engine.MYSQL)
class MySqlLockTimeoutTest {
    /** MySQL and MariaDB count this timeout in whole seconds. */
    private static final long LOCK_TIMEOUT_MS = 1000;
    private static final long MARGIN_MS = 1500;
    private static final String RETRYING = "safemigrate.lockTimeout=1s&safemigrate.retry.baseDelay=200ms"
            + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100";

    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SimpleMeterRegistry meters;

    MySqlLockTimeoutTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void freshTable() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL) ENGINE=InnoDB",
                "INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100)");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
    }

    @Test
    void alterGivesWayToReadersRetriesAndSucceedsOnceTheBlockerCommits() throws Exception {
        long alterMillis;
        List<Long> reads = new ArrayList<>();
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            Future<Long> alter = pool.submit(() -> millis(() -> {
                try (Connection c = db.openSafe(RETRYING); Statement st = c.createStatement()) {
                    return st.execute("ALTER TABLE accounts ADD COLUMN note varchar(100)");
                }
            }));
            Thread.sleep(300);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until) {
                reads.add(readLatency(db, "accounts"));
                Thread.sleep(100);
            }
            assertThat(alter.isDone()).as("the ALTER cannot finish while the blocker holds its transaction").isFalse();
            blocker.commit();
            alterMillis = alter.get(30, TimeUnit.SECONDS);
        }
        assertThat(columnExists(db, "accounts", "note")).isTrue();
        assertThat(alterMillis).isGreaterThanOrEqualTo(4000);
        assertThat(reads).as("no reader waited longer than one lock timeout")
                .allSatisfy(ms -> assertThat(ms).isLessThan(LOCK_TIMEOUT_MS + MARGIN_MS));
        assertThat(meters.counter("safemigrate.ddl.lock.retries", "reason", "lock_timeout").count())
                .isGreaterThanOrEqualTo(2);

        // The bare driver: the ALTER queues (MariaDB waits up to a day), readers queue behind it.
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            Future<Boolean> bareAlter = pool.submit(() -> {
                try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                    return st.execute("ALTER TABLE accounts ADD COLUMN note2 varchar(100)");
                }
            });
            Thread.sleep(500);
            Future<Long> read = pool.submit(() -> readLatency(db, "accounts"));
            Thread.sleep(3500);
            blocker.commit();
            assertThat(read.get(30, TimeUnit.SECONDS)).as("bare driver: the reader stalls until the blocker ends")
                    .isGreaterThanOrEqualTo(3000);
            bareAlter.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSessionsTimeoutsAreBackAfterTheDdl() throws Exception {
        try (Connection c = db.openSafe("safemigrate.lockTimeout=2s"); Statement st = c.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = 77, innodb_lock_wait_timeout = 33");
            st.execute("ALTER TABLE accounts ADD COLUMN a int");
            assertThat(queryLong(c, "SELECT @@SESSION.lock_wait_timeout")).isEqualTo(77);
            assertThat(queryLong(c, "SELECT @@SESSION.innodb_lock_wait_timeout")).isEqualTo(33);
        }
        assertThat(columnExists(db, "accounts", "a")).isTrue();
    }

    @Test
    void exhaustedRetriesFailWithTheServersCodeAndTheBlockerNamed() throws Exception {
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            long blockerId = sessionId(db, blocker);
            try (Connection c = db.openSafe("safemigrate.lockTimeout=1s&safemigrate.retry.maxAttempts=2"
                    + "&safemigrate.retry.baseDelay=50ms"); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("ALTER TABLE accounts ADD COLUMN z int"))
                        .isInstanceOf(DdlLockException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1205))
                        .hasMessageContaining("2 attempts")
                        .hasMessageContaining("ALTER TABLE accounts ADD COLUMN z int")
                        .hasMessageContaining("session " + blockerId)
                        .hasMessageContaining("KILL " + blockerId);
                assertThat(queryLong(c, "SELECT @@SESSION.lock_wait_timeout"))
                        .as("the server default is back").isEqualTo(queryLong(blocker, "SELECT @@SESSION.lock_wait_timeout"));
            }
        }
        assertThat(columnExists(db, "accounts", "z")).isFalse();
        assertThat(meters.counter("safemigrate.ddl.giveups").count()).isEqualTo(1);
    }
}
