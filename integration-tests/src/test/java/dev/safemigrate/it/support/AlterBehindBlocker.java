package dev.safemigrate.it.support;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** What a forked run behind the blocker saw: the writer's worst write and how the run ended. */
    public record ForkedRun(long writerWorstMillis, long writes, ForkedJvm.Result result) {
    }

    /**
     * The agent tests' scenario: a session holds a transaction open on {@code table}, a writer keeps
     * running {@code write}, and {@code app} (a forked JVM) sends an ALTER whose text starts with
     * {@code alterPrefix}. Once that ALTER is held up by the blocker, the writer's worst write is measured
     * while the blocker holds on for {@code holdMillis} more; then the blocker commits and the run
     * must succeed. The worst write includes one queued until the commit.
     */
    public static ForkedRun writerWhileForkedAlterWaits(TestDatabase db, ForkedJvm app, String table,
                                                        String alterPrefix, String write, long holdMillis)
            throws Exception {
        try (Connection blocker = holdTransactionOn(db, table);
             Writer writer = new Writer(db.openBare(), write, 300)) {
            ForkedJvm.Running running = app.start();
            awaitAlterHeldUp(db, alterPrefix, running);
            writer.resetWorst();
            Thread.sleep(holdMillis);
            if (!running.isAlive()) {
                throw new AssertionError("the forked JVM finished while the blocker still held " + table + ":\n"
                        + running.await(10).output());
            }
            blocker.commit();
            ForkedJvm.Result result = running.await(180).assertSucceeded();
            return new ForkedRun(writer.worstMillis(), writer.writes(), result);
        }
    }

    /**
     * Waits until the forked JVM's statement starting with {@code alterPrefix} is held up by a lock: queued for it
     * (PostgreSQL {@code pg_stat_activity} wait event type Lock, MySQL/MariaDB process list waiting for a metadata
     * lock), or waiting before queueing ({@code safemigrate.preWait}, the default: the JVM logs "Waiting before
     * queueing"). Fails with the forked JVM's output when neither happens within a minute.
     */
    public static void awaitAlterHeldUp(TestDatabase db, String alterPrefix, ForkedJvm.Running running)
            throws Exception {
        // Only sessions in this test's database: the server may be shared with other builds.
        String sql = db.engine() == Engine.POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE query LIKE ? AND wait_event_type = 'Lock'"
                        + " AND datname = current_database()"
                : "SELECT count(*) FROM information_schema.processlist WHERE info LIKE ?"
                        + " AND state LIKE 'Waiting for table metadata lock%' AND db = DATABASE()";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = db.openBare(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, alterPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            while (System.nanoTime() < deadline) {
                if (count(ps) > 0 || preWaiting(running, alterPrefix)) {
                    return;
                }
                if (!running.isAlive()) {
                    throw new AssertionError("the forked JVM ended before its '" + alterPrefix
                            + "…' waited for its lock:\n" + running.await(10).output());
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the forked JVM's '" + alterPrefix + "…' never waited for its lock");
    }

    /** Whether the forked JVM logged that it waits, before queueing, for the lock holders of its statement. */
    public static boolean preWaiting(ForkedJvm.Running running, String alterPrefix) throws IOException {
        return running.outputSoFar().lines().anyMatch(l -> l.contains("Waiting before queueing " + alterPrefix));
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
