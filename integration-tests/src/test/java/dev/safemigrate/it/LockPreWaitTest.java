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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.columnExists;
import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.readLatency;
import static dev.safemigrate.it.support.Sessions.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code safemigrate.preWait} with {@code lockTimeout.first}, the defaults (issue 15): behind a transaction that
 * holds the table for 3 s, the ALTER waits without queueing, so readers are not stalled by its attempts, and runs
 * right after the blocker ends; side by side with the fixed lock timeout ({@code preWait=false},
 * {@code lockTimeout.first=off}, the behaviour before), where each attempt queues for a whole second.
 */
class LockPreWaitTest {
    private static final long HOLD_MILLIS = 3000;
    private static final String RETRIES = "safemigrate.lockTimeout=1s&safemigrate.retry.baseDelay=200ms"
            + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100";
    private static final String FIXED = RETRIES + "&safemigrate.preWait=false&safemigrate.lockTimeout.first=off";

    abstract static class Common {
        final TestDatabase db;
        final ExecutorService pool = Executors.newCachedThreadPool();
        SimpleMeterRegistry meters;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String[] freshTable();

        /** A short lock timeout for the budget test: MySQL/MariaDB take whole seconds. */
        abstract long shortLockTimeoutMillis();

        @BeforeEach
        void table() throws SQLException {
            meters = new SimpleMeterRegistry();
            SafeMigrate.useMeterRegistry(meters);
            db.execute(freshTable());
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
            AlterBehindBlocker.ThroughSafemigrate waiting = AlterBehindBlocker.throughSafemigrate(db, pool, RETRIES,
                    "accounts", "ALTER TABLE accounts ADD COLUMN a2 int", HOLD_MILLIS);
            long fixedWorst = Collections.max(fixed.readMillis());
            long waitingWorst = Collections.max(waiting.readMillis());
            System.out.println("[LockPreWaitTest] " + db.engine() + ": readers' worst stall behind a " + HOLD_MILLIS
                    + " ms blocker: fixed lock timeout " + fixedWorst + " ms, defaults (pre-wait) " + waitingWorst
                    + " ms; ALTER done after " + fixed.alterMillis() + " ms / " + waiting.alterMillis()
                    + " ms (blocker held from 300 ms to " + (300 + HOLD_MILLIS) + " ms)");

            assertThat(columnExists(db, "accounts", "a1")).isTrue();
            assertThat(columnExists(db, "accounts", "a2")).isTrue();
            assertThat(fixedWorst).as("with a fixed timeout a reader queues behind an attempt for about a second")
                    .isGreaterThan(500);
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
        void aBlockerThatOutlastsTheBudgetIsWaitedForThenTheAttemptsGiveUpWithTheServersCode() throws Exception {
            long lockTimeout = shortLockTimeoutMillis();
            long budget = 2 * lockTimeout; // retry.maxAttempts × lockTimeout
            String params = "safemigrate.lockTimeout=" + lockTimeout + "ms&safemigrate.retry.maxAttempts=2"
                    + "&safemigrate.retry.baseDelay=50ms";
            long started;
            try (Connection blocker = holdTransactionOn(db, "accounts")) {
                long blockerId = sessionId(db, blocker);
                Thread.sleep(200); // older than the first attempt's timeout
                started = System.nanoTime();
                try (Connection c = db.openSafe(params); Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.execute("ALTER TABLE accounts ADD COLUMN z int"))
                            .isInstanceOf(DdlLockException.class).hasMessageContaining("session " + blockerId);
                }
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(took).as("the whole budget waited, then the attempts ran").isGreaterThanOrEqualTo(budget);
            assertThat(meters.timer("safemigrate.ddl.prewait").count()).as("waited once per statement").isEqualTo(1);
            assertThat(meters.timer("safemigrate.ddl.prewait").totalTime(TimeUnit.MILLISECONDS))
                    .isGreaterThanOrEqualTo(budget - 50);
            assertThat(meters.counter("safemigrate.ddl.giveups").count()).isEqualTo(1);
            assertThat(columnExists(db, "accounts", "z")).isFalse();
        }

        @Test
        void aTransactionYoungerThanTheFirstTimeoutIsNotWaitedFor() throws Exception {
            // No blocker: the ALTER runs at once, with its first, short lock timeout, and nothing is pre-waited.
            long started = System.nanoTime();
            try (Connection c = db.openSafe(RETRIES); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE accounts ADD COLUMN a3 int");
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
            assertThat(meters.timer("safemigrate.ddl.prewait").count()).isZero();
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String[] freshTable() {
            return new String[] {"DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
                "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 100) g"};
        }

        @Override
        long shortLockTimeoutMillis() {
            return 300;
        }

        @Test
        void aConcurrentIndexBuildDoesNotWaitForReadersAndWriters() throws Exception {
            // A writer's ROW EXCLUSIVE does not conflict with CONCURRENTLY's SHARE UPDATE EXCLUSIVE: no pre-wait,
            // the build starts (and waits, as PostgreSQL's concurrent builds do, for the writer's transaction).
            try (Connection writer = holdTransactionOn(db, "accounts")) {
                try (Statement st = writer.createStatement()) {
                    st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                }
                Thread.sleep(200);
                Future<?> build = pool.submit(() -> {
                    try (Connection c = db.openSafe(RETRIES + "&safemigrate.rewrite.minRows=0");
                         Statement st = c.createStatement()) {
                        return st.execute("CREATE INDEX accounts_balance ON accounts (balance)");
                    }
                });
                Thread.sleep(1000);
                assertThat(readLatency(db, "accounts")).as("readers go on during the build").isLessThan(300);
                writer.commit();
                build.get(30, TimeUnit.SECONDS);
            }
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'accounts_balance'::regclass"
                    + " AND indisvalid")).isEqualTo(1);
            assertThat(meters.timer("safemigrate.ddl.prewait").count()).as("nothing pre-waited").isZero();
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String[] freshTable() {
            return new String[] {"DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL) ENGINE=InnoDB",
                "INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100), (4, 100), (5, 100)"};
        }

        @Override
        long shortLockTimeoutMillis() {
            return 1000;
        }

        @BeforeEach
        void theServerShowsMetadataLocks() throws SQLException {
            long views = db.queryLong("SELECT (SELECT count(*) FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE')"
                    + " + (@@performance_schema = 1 AND EXISTS (SELECT 1 FROM performance_schema.setup_instruments"
                    + " WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'))");
            assertThat(views).as("preWait needs the server to show metadata locks: start it with performance_schema=ON,"
                    + " or (MariaDB) INSTALL PLUGIN IF NOT EXISTS metadata_lock_info SONAME 'metadata_lock_info'"
                    + " (.ci/run does this)").isPositive();
        }
    }
}
