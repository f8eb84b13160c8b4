package dev.safemigrate.it;

import dev.safemigrate.execution.batch.BatchAbortedException;
import dev.safemigrate.execution.batch.LagReaders;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.safemigrate.it.support.Sessions.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batching engine's pause and abort paths, end to end: replication lag simulated through the
 * test hook, row locks held by another session, a batch that fails. After every abort, sending the
 * statement again finishes it exactly.
 */
@RealDatabase(Engine.POSTGRESQL)
class BatchingThrottleTest {
    private static final int ROWS = 5000;
    private static final String BATCHES = "safemigrate.batch.minRows=100&safemigrate.batch.minSize=500&safemigrate.batch.maxSize=500";
    private static final String STATEMENT = "UPDATE counters SET n = n + 1";

    private final TestDatabase db;
    private final AtomicReference<Double> lag = new AtomicReference<>(0.0);

    BatchingThrottleTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS counters", "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO counters SELECT g, 0 FROM generate_series(1, " + ROWS + ") g", "ANALYZE counters");
        LagReaders.override(lag::get);
    }

    @AfterEach
    void resetLag() {
        LagReaders.reset();
    }

    private void assertEveryRowChangedOnce() throws SQLException {
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).isEqualTo(ROWS);
    }

    @Test
    void lagAboveTheThresholdPausesTheBatchesUntilItDrops() throws Exception {
        lag.set(5.0);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = db.openSafe(BATCHES + "&safemigrate.batch.maxLag=1s"); Statement st = c.createStatement()) {
            Future<Long> run = pool.submit(() -> millis(() -> st.executeUpdate(STATEMENT)));
            Thread.sleep(1500);
            assertThat(run.isDone()).isFalse();
            assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).as("paused before the first batch").isZero();
            lag.set(0.0);
            assertThat(run.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1500);
        } finally {
            pool.shutdownNow();
        }
        assertEveryRowChangedOnce();
    }

    @Test
    void lagAboveTheCriticalLevelForLongerThanTheGraceAbortsAndAResendFinishes() throws Exception {
        lag.set(30.0);
        try (Connection c = db.openSafe(BATCHES + "&safemigrate.batch.maxLag=1s&safemigrate.batch.criticalLag=10s"
                + "&safemigrate.batch.abortAfter=1s"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(STATEMENT))
                    .isInstanceOf(BatchAbortedException.class)
                    .hasMessageContaining("throttle")
                    .hasMessageContaining("send the same statement again to resume")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM002"));
        }
        lag.set(0.0);
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate(STATEMENT)).isEqualTo(ROWS);
        }
        assertEveryRowChangedOnce();
    }

    @Test
    void repeatedLockTimeoutsAbortAfterTheCommittedBatchesAndAResendFinishes() throws Exception {
        try (Connection blocker = db.openBare(); Statement b = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            b.execute("SELECT * FROM counters WHERE id = 2600 FOR UPDATE");
            try (Connection c = db.openSafe(BATCHES + "&safemigrate.lockTimeout=200ms&safemigrate.retry.maxAttempts=3"
                    + "&safemigrate.retry.baseDelay=10ms"); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate(STATEMENT))
                        .isInstanceOf(BatchAbortedException.class)
                        .hasMessageContaining("failed to get its locks 3 times")
                        .hasMessageContaining("2500 rows changed");
            }
            blocker.rollback();
        }
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).as("the batches before the locked row")
                .isEqualTo(2500);
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate(STATEMENT)).as("the total, batches before the abort included").isEqualTo(ROWS);
        }
        assertEveryRowChangedOnce();
    }

    @Test
    void aBatchThatFailsStopsTheRunAndSaysHowFarItGot() throws Exception {
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE counters SET n = n + 1 + 10 / (id - 1234)"))
                    .isInstanceOf(BatchAbortedException.class)
                    .hasMessageContaining("stopped after 2 committed batches (1000 rows changed, up to key (1000))")
                    .hasMessageContaining("SQLSTATE 22012")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"))
                    // the server's message, which may quote row values, only in the real driver's exception, the cause
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(e.getCause().getMessage()))
                    .cause().hasMessageContaining("division by zero");
        }
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n <> 0")).isEqualTo(1000);
    }
}
