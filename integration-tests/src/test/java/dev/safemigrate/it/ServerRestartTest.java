package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.CounterTable;
import dev.safemigrate.it.support.ServerRestart;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The server crashes (PostgreSQL {@code restart -m immediate}, MariaDB {@code kill -9}; see
 * {@link ServerRestart}) while a statement runs as keyset batches, and comes back. The batches committed before
 * the crash survive it; the same statement sent again on a new connection resumes after them, so a
 * non-idempotent {@code n = n + 1} ends as one statement would have: every row changed exactly once, and the
 * count returned is the whole statement's.
 *
 * <p>Not named {@code Postgres…}: the embedded PostgreSQL 14 run would have nothing to restart.
 */
class ServerRestartTest {
    static final int ROWS = 40_000;
    /** Small fixed batches with a pause: the run lasts a few seconds, long enough to crash the server in it. */
    static final String SLOW_BATCHES = "safemigrate.batch.minRows=100&safemigrate.batch.minSize=400"
            + "&safemigrate.batch.maxSize=400&safemigrate.batch.pause=10ms";
    static final String STATEMENT = "UPDATE counters SET n = n + 1 WHERE id % 5 <> 2";

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String analyze();

        @Test
        void theServerCrashesMidBatchAndTheStatementSentAgainChangesEveryRowExactlyOnce() throws Exception {
            ServerRestart restart = ServerRestart.of(db);
            CounterTable.create(db, ROWS, analyze());
            long expected = db.queryLong("SELECT count(*) FROM counters WHERE id % 5 <> 2");

            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Connection victim = db.openSafe(SLOW_BATCHES);
                Future<Long> run = pool.submit(() -> {
                    try (Statement st = victim.createStatement()) {
                        return st.executeLargeUpdate(STATEMENT);
                    }
                });
                long seenCommitted = CounterTable.waitUntilChanged(db, expected / 4, run);
                restart.crashAndStart();

                Throwable failure = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
                assertThat(failure).as("the statement failed with the server").isNotNull();
                assertThat(failure.getCause()).isInstanceOf(SQLException.class)
                        .hasMessageContaining("send the same statement again to resume");
                CounterTable.closeQuietly(victim);

                long survived = db.queryLong("SELECT count(*) FROM counters WHERE n = 1");
                assertThat(survived).as("batches seen committed before the crash survive it")
                        .isGreaterThanOrEqualTo(seenCommitted).isLessThan(expected);
                assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n > 1")).isZero();

                long total;
                try (Connection again = db.openSafe(SLOW_BATCHES); Statement st = again.createStatement()) {
                    total = st.executeLargeUpdate(STATEMENT);
                }
                assertThat(total).as("the count covers the batches before the crash too").isEqualTo(expected);
                assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).isEqualTo(expected);
                assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n > 1")).as("no row changed twice").isZero();
                assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 0")).isEqualTo(ROWS - expected);
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
        String analyze() {
            return "ANALYZE TABLE counters";
        }
    }
}
