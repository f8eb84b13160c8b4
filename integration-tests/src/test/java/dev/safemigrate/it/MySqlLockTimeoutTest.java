package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.execution.DdlLockException;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.safemigrate.it.support.Sessions.columnExists;
import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.queryLong;
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
        AlterBehindBlocker.ThroughSafemigrate safe = AlterBehindBlocker.throughSafemigrate(db, pool, RETRYING, "accounts",
                "ALTER TABLE accounts ADD COLUMN note varchar(100)", 4000);
        assertThat(safe.finishedWhileBlocked()).as("the ALTER cannot finish while the blocker holds its transaction")
                .isFalse();
        assertThat(columnExists(db, "accounts", "note")).isTrue();
        assertThat(safe.alterMillis()).as("the ALTER waited for the blocker").isGreaterThanOrEqualTo(4000);
        assertThat(safe.readMillis()).as("no reader waited longer than one lock timeout")
                .isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(LOCK_TIMEOUT_MS + MARGIN_MS));
        assertThat(meters.counter("safemigrate.ddl.lock.retries", "reason", "lock_timeout").count())
                .isGreaterThanOrEqualTo(2);

        // The same ALTER through the bare driver queues behind the blocker, and readers queue behind it.
        long bareRead = AlterBehindBlocker.readerLatencyThroughBareDriver(db, pool, "accounts",
                "ALTER TABLE accounts ADD COLUMN note2 varchar(100)", 3500);
        assertThat(bareRead).as("bare driver: the reader stalls until the blocker ends").isGreaterThanOrEqualTo(3000);
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
