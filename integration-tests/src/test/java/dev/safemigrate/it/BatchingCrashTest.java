package dev.safemigrate.it;

import dev.safemigrate.execution.batch.BatchAbortedException;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.CounterTable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The batching connection is killed at a random point (pg_terminate_backend / KILL); the same
 * statement is sent again and resumes after the last committed batch. A non-idempotent statement
 * ({@code n = n + 1}) must end exactly as one statement would have: every row changed once.
 */
class BatchingCrashTest {
    static final int ROWS = 20_000;
    /** Fixed-size batches with a pause, so the run lasts long enough to be killed in its middle. */
    static final String SLOW_BATCHES = "safemigrate.batch.minRows=100&safemigrate.batch.minSize=500"
            + "&safemigrate.batch.maxSize=500&safemigrate.batch.pause=15ms";
    static final String STATEMENT = "UPDATE counters SET n = n + 1 WHERE id % 7 <> 3";

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String kill(long sessionId);

        abstract String analyze();

        @Test
        void killedAtRandomPointsAndResentItAppliesEveryRowExactlyOnce() throws Exception {
            Random random = new Random(42);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                for (int round = 0; round < 3; round++) {
                    CounterTable.create(db, ROWS, analyze());
                    long expected = db.queryLong("SELECT count(*) FROM counters WHERE id % 7 <> 3");
                    // A random point of the run, found by its progress, not by a delay: on a fast machine a
                    // fixed delay can outlast the whole run.
                    long killAfter = (long) (expected * (0.05 + 0.75 * random.nextDouble()));

                    Connection victim = db.openSafe(SLOW_BATCHES);
                    long victimId = sessionId(db, victim);
                    Future<Long> run = pool.submit(() -> {
                        try (Statement st = victim.createStatement()) {
                            return st.executeLargeUpdate(STATEMENT);
                        }
                    });
                    CounterTable.waitUntilChanged(db, killAfter, run);
                    db.execute(kill(victimId));
                    Throwable failure = catchThrowable(() -> run.get(30, TimeUnit.SECONDS));
                    assertThat(failure).as("round " + round + ": killed after " + killAfter + " rows").isNotNull();
                    assertThat(failure.getCause()).isInstanceOf(BatchAbortedException.class)
                            .hasMessageContaining("send the same statement again to resume");
                    CounterTable.closeQuietly(victim);
                    long changedBeforeKill = db.queryLong("SELECT count(*) FROM counters WHERE n = 1");
                    assertThat(changedBeforeKill).as("round " + round + ": some batches committed, not all")
                            .isBetween(1L, expected - 1);

                    long total;
                    try (Connection again = db.openSafe(SLOW_BATCHES); Statement st = again.createStatement()) {
                        total = st.executeLargeUpdate(STATEMENT);
                    }
                    assertThat(total).as("the count covers the batches before the kill too").isEqualTo(expected);
                    assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).isEqualTo(expected);
                    assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n > 1")).as("no row changed twice").isZero();
                    assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 0")).isEqualTo(ROWS - expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String kill(long sessionId) {
            return "SELECT pg_terminate_backend(" + sessionId + ")";
        }

        @Override
        String analyze() {
            return "ANALYZE counters";
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String kill(long sessionId) {
            return "KILL " + sessionId;
        }

        @Override
        String analyze() {
            return "ANALYZE TABLE counters";
        }
    }
}
