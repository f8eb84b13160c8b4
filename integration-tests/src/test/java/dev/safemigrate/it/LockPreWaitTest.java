package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.columnExists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code safemigrate.preWait} with {@code lockTimeout.first} (issue 15, PostgreSQL): behind a transaction that
 * holds the table for 3 s, the ALTER waits without queueing, so readers are not stalled by its attempts, and runs
 * right after the blocker ends; side by side with the fixed lock timeout (the default so far), where each attempt
 * queues for a whole second.
 */
@RealDatabase(Engine.POSTGRESQL)
class LockPreWaitTest {
    private static final long HOLD_MILLIS = 3000;
    private static final String FIXED = "safemigrate.lockTimeout=1s&safemigrate.retry.baseDelay=200ms"
            + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100";
    private static final String PRE_WAIT = FIXED + "&safemigrate.preWait=true&safemigrate.lockTimeout.first=50ms";

    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SimpleMeterRegistry meters;

    LockPreWaitTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        db.execute("DROP TABLE IF EXISTS accounts", "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
                "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 100) g");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
    }

    @Test
    void behindALongTransactionTheAlterWaitsWithoutQueueingAndRunsRightAfterIt() throws Exception {
        AlterBehindBlocker.ThroughSafemigrate fixed = AlterBehindBlocker.throughSafemigrate(db, pool, FIXED,
                "accounts", "ALTER TABLE accounts ADD COLUMN a1 int", HOLD_MILLIS);
        AlterBehindBlocker.ThroughSafemigrate waiting = AlterBehindBlocker.throughSafemigrate(db, pool, PRE_WAIT,
                "accounts", "ALTER TABLE accounts ADD COLUMN a2 int", HOLD_MILLIS);
        long fixedWorst = Collections.max(fixed.readMillis());
        long waitingWorst = Collections.max(waiting.readMillis());
        System.out.println("[LockPreWaitTest] readers' worst stall behind a " + HOLD_MILLIS + " ms blocker: fixed lock"
                + " timeout " + fixedWorst + " ms, pre-wait " + waitingWorst + " ms; ALTER done after " + fixed.alterMillis()
                + " ms / " + waiting.alterMillis() + " ms (blocker held from 300 ms to " + (300 + HOLD_MILLIS) + " ms)");

        assertThat(columnExists(db, "accounts", "a2")).isTrue();
        assertThat(waiting.finishedWhileBlocked()).isFalse();
        assertThat(waiting.readMillis()).as("no reader queued behind the waiting ALTER")
                .isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(300));
        assertThat(waiting.alterMillis()).as("the ALTER ran within a moment of the blocker's commit")
                .isLessThan(300 + HOLD_MILLIS + 1000);
        assertThat(meters.timer("safemigrate.ddl.prewait").count()).as("one pre-wait recorded").isEqualTo(1);
        assertThat(meters.timer("safemigrate.ddl.prewait").totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(HOLD_MILLIS - 500);
    }

    @Test
    void aTransactionYoungerThanTheFirstTimeoutIsNotWaitedFor() throws Exception {
        // No blocker: the ALTER runs at once, with its first, short lock timeout, and nothing is pre-waited.
        long started = System.nanoTime();
        try (var c = db.openSafe(PRE_WAIT); var st = c.createStatement()) {
            st.execute("ALTER TABLE accounts ADD COLUMN a3 int");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
        assertThat(meters.timer("safemigrate.ddl.prewait").count()).isZero();
    }
}
