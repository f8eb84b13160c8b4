package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table the crash tests batch over: {@code counters (id int PRIMARY KEY, n int NOT NULL)}, every {@code n}
 * 0, so that a non-idempotent {@code n = n + 1} shows how often each row was changed.
 */
public final class CounterTable {
    private CounterTable() {
    }

    /** (Re)creates {@code counters} with ids 1..{@code rows}, then runs {@code analyze} so the planner knows its size. */
    public static void create(TestDatabase db, int rows, String analyze) throws SQLException {
        StringBuilder insert = new StringBuilder("INSERT INTO counters (id, n) VALUES ");
        for (int i = 1; i <= rows; i++) {
            insert.append(i == 1 ? "" : ", ").append('(').append(i).append(", 0)");
        }
        db.execute("DROP TABLE IF EXISTS counters", "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)",
                insert.toString(), analyze);
    }

    /**
     * Waits until at least {@code rows} rows are committed as changed once (the batches commit one by one), failing
     * if {@code run} ends first; returns how many were seen. A point of the run found by its progress, not by a
     * delay: on a fast machine a fixed delay can outlast the whole run.
     */
    public static long waitUntilChanged(TestDatabase db, long rows, Future<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long changed;
        while ((changed = db.queryLong("SELECT count(*) FROM counters WHERE n = 1")) < rows) {
            assertThat(run.isDone()).as("the run ended before " + rows + " rows were changed").isFalse();
            assertThat(System.nanoTime()).as("waiting for " + rows + " changed rows").isLessThan(deadline);
            Thread.sleep(2);
        }
        return changed;
    }

    /** Closes a connection whose server session was killed or whose server went away. */
    public static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // its session is gone
        }
    }
}
