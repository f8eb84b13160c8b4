package dev.safemigrate.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Production traffic in a test: a thread that keeps writing through its own connection and records
 * the longest single write. Bounded: it stops when asked or after {@code maxSeconds}.
 */
public final class Writer implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final Thread thread;
    private volatile SQLException failure;

    /** Runs {@code sql} (no parameters; a write or a read) again and again on {@code connection}, which it closes at the end. */
    public Writer(Connection connection, String sql, int maxSeconds) {
        thread = new Thread(() -> {
            long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
            try (Connection c = connection; PreparedStatement ps = c.prepareStatement(sql)) {
                while (running.get() && System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    ps.execute();
                    worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    writes.incrementAndGet();
                }
            } catch (SQLException e) {
                failure = e;
            }
        }, "test-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Forget the worst latency so far: measure a new window. */
    public void resetWorst() {
        worstNanos.set(0);
    }

    /**
     * The longest write since the last reset, including one still in flight: a write stalled by a lock
     * only reports its time when the lock is released, so wait until the current write has finished.
     */
    public long worstMillis() throws InterruptedException {
        long target = writes.get() + 1;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (writes.get() < target && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return worstNanos.get() / 1_000_000;
    }

    public long writes() {
        return writes.get();
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
