package dev.safemigrate.it.support;

import dev.safemigrate.config.BatchSettings;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Helpers for the throttle's integration tests: batch settings, sessions that keep the server busy. */
public final class Throttles {
    private Throttles() {
    }

    /** Batch settings with only the throttle's thresholds given (zero = off). */
    public static BatchSettings settings(Duration maxLag, Duration criticalLag, int maxSessions, int criticalSessions) {
        return new BatchSettings(true, 10_000, Duration.ofMillis(200), 100, 50_000, Duration.ZERO, maxLag, criticalLag,
                maxSessions, criticalSessions, Duration.ofSeconds(60), "safemigrate_batch_journal", Duration.ofDays(7));
    }

    /** {@code count} bare sessions, each running {@code sleepSql} (e.g. {@code SELECT pg_sleep(2)}) on {@code pool}. */
    public static List<Future<?>> busySessions(TestDatabase db, ExecutorService pool, int count, String sleepSql) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            running.add(pool.submit(() -> {
                try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                    st.execute(sleepSql);
                }
                return null;
            }));
        }
        return running;
    }

    /** A reading taken repeatedly until it reaches {@code atLeast} or {@code timeoutMillis} pass; the last one. */
    public static Reading pollUntilAtLeast(SqlReading read, double atLeast, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Reading r = read.get();
        while ((!r.readable() || r.value() < atLeast) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = read.get();
        }
        return r;
    }

    @FunctionalInterface
    public interface SqlReading {
        Reading get() throws SQLException;
    }
}
