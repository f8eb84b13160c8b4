package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.millis;
import static dev.safemigrate.it.support.Sessions.readLatency;

/**
 * The scenario every lock-timeout test measures: a session holds a transaction open on a table, an
 * ALTER of that table arrives, readers keep coming; then the blocker commits. Measured once through
 * safemigrate and once through the bare driver, so the two can be compared in one test.
 */
public final class AlterBehindBlocker {
    private AlterBehindBlocker() {
    }

    /** What the safemigrate run saw. */
    public record ThroughSafemigrate(long alterMillis, boolean finishedWhileBlocked, List<Long> readMillis) {
    }

    /**
     * Runs {@code alter} through safemigrate ({@code params}) while a blocker holds {@code table} for
     * {@code holdMillis}, sampling a fresh reader's latency every 100 ms meanwhile.
     */
    public static ThroughSafemigrate throughSafemigrate(TestDatabase db, ExecutorService pool, String params,
                                                        String table, String alter, long holdMillis) throws Exception {
        List<Long> reads = new ArrayList<>();
        try (Connection blocker = holdTransactionOn(db, table)) {
            Future<Long> running = pool.submit(() -> millis(() -> {
                try (Connection c = db.openSafe(params); Statement st = c.createStatement()) {
                    return st.execute(alter);
                }
            }));
            Thread.sleep(300); // the ALTER is now waiting for its lock, or between attempts
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMillis);
            while (System.nanoTime() < until) {
                reads.add(readLatency(db, table));
                Thread.sleep(100);
            }
            boolean finishedWhileBlocked = running.isDone();
            blocker.commit();
            return new ThroughSafemigrate(running.get(30, TimeUnit.SECONDS), finishedWhileBlocked, reads);
        }
    }

    /**
     * Runs {@code alter} through the bare driver behind the same blocker and returns how long a reader
     * that arrived 500 ms after it waited; the blocker commits after {@code holdMillis}.
     */
    public static long readerLatencyThroughBareDriver(TestDatabase db, ExecutorService pool, String table,
                                                      String alter, long holdMillis) throws Exception {
        try (Connection blocker = holdTransactionOn(db, table)) {
            Future<Boolean> bareAlter = pool.submit(() -> {
                try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                    return st.execute(alter);
                }
            });
            Thread.sleep(500);
            Future<Long> read = pool.submit(() -> readLatency(db, table));
            Thread.sleep(holdMillis);
            blocker.commit();
            long latency = read.get(30, TimeUnit.SECONDS);
            bareAlter.get(30, TimeUnit.SECONDS);
            return latency;
        }
    }
}
