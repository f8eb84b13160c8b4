package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application during a schema change: one thread on its own bare pgjdbc connection (autocommit) that
 * alternately inserts a row and updates a random existing row's column, one write every interval (at once
 * when the previous one was late), and keeps each write's start and latency.
 *
 * <p>When the column it writes disappears (SQLSTATE 42703, as after a plain {@code RENAME COLUMN}) it counts
 * the failure and carries on with the other name, like new code deployed at once; any other failure stops it.
 */
final class ExpandWriter implements Runnable {
    private final Connection connection;
    private final String table;
    private final long existingRows;
    private final long writerIntervalNanos;
    private String column;
    private final String otherColumn;
    private long nextId;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread = new Thread(this, "expand-writer");
    private final Object warm = new Object();
    private volatile boolean warmedUp;
    private volatile Throwable failure;
    private volatile boolean recording;
    private long[] starts = new long[1 << 16];
    private long[] latencies = new long[1 << 16];
    private int count;
    private int undefinedColumn;

    /**
     * @param column the column it writes; {@code otherColumn} the one it switches to when that one is gone
     * @param firstId the first id it inserts (above the table's rows)
     */
    ExpandWriter(Connection connection, String table, String column, String otherColumn, long existingRows,
                 long firstId, long writerIntervalMillis) {
        this.connection = connection;
        this.table = table;
        this.column = column;
        this.otherColumn = otherColumn;
        this.existingRows = existingRows;
        this.nextId = firstId;
        this.writerIntervalNanos = TimeUnit.MILLISECONDS.toNanos(writerIntervalMillis);
    }

    /** Starts, runs 200 unrecorded writes (server-side prepare, JIT), then records every write. */
    void startAndWarmUp() throws InterruptedException {
        thread.setDaemon(true);
        thread.start();
        synchronized (warm) {
            while (!warmedUp && failure == null) {
                warm.wait(100);
            }
        }
        check();
    }

    /** Stops after the write in flight; throws the writer's failure if it had one. */
    void stop() throws InterruptedException {
        stop.set(true);
        thread.join();
        check();
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the writer failed", failure);
        }
    }

    /** Writes that failed because the column was gone (after {@link #stop}). */
    int undefinedColumnFailures() {
        return undefinedColumn;
    }

    /**
     * The sorted latencies (ns) of the recorded writes in flight at some time in [from, to], so that a write that
     * started just before and waited counts (after {@link #stop}).
     */
    long[] latencies(long fromNanos, long toNanos) {
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (starts[i] <= toNanos && starts[i] + latencies[i] >= fromNanos) {
                out[n++] = latencies[i];
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    @Override
    public void run() {
        try (connection) {
            connection.setAutoCommit(true);
            PreparedStatement[] ps = prepare();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long next = System.nanoTime();
            for (long i = 0; !stop.get(); i++) {
                if (i == 200) {
                    recording = true;
                    synchronized (warm) {
                        warmedUp = true;
                        warm.notifyAll();
                    }
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long t = System.nanoTime();
                try {
                    if (i % 2 == 0) {
                        ps[0].setLong(1, nextId);
                        ps[0].setString(2, "w-" + nextId++);
                        ps[0].executeUpdate();
                    } else {
                        ps[1].setString(1, "u-" + i);
                        ps[1].setLong(2, random.nextLong(1, existingRows + 1));
                        ps[1].executeUpdate();
                    }
                } catch (SQLException e) {
                    if (!"42703".equals(e.getSQLState()) || otherColumn == null || column.equals(otherColumn)) {
                        throw e;
                    }
                    undefinedColumn++;
                    column = otherColumn;
                    ps[0].close();
                    ps[1].close();
                    ps = prepare();
                }
                long done = System.nanoTime();
                if (recording) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                        starts = Arrays.copyOf(starts, count * 2);
                    }
                    starts[count] = t;
                    latencies[count++] = done - t;
                }
                next = Math.max(next + writerIntervalNanos, done);
            }
        } catch (Throwable e) {
            failure = e;
            synchronized (warm) {
                warm.notifyAll();
            }
        }
    }

    private PreparedStatement[] prepare() throws SQLException {
        return new PreparedStatement[] {
                connection.prepareStatement("INSERT INTO " + table + " (id, " + column + ") VALUES (?, ?)"),
                connection.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")};
    }
}
