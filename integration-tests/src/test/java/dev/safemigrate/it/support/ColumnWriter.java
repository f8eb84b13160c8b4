package dev.safemigrate.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application code of one version in a test: a thread that keeps inserting rows and updating random existing
 * ones through its own connection, naming one column of the table (the old code its old name, the new code
 * its new name), and records the longest single write and the first failure. Bounded by {@code maxSeconds}.
 */
public final class ColumnWriter implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final Thread thread;
    private volatile SQLException failure;

    /**
     * @param table the table (quoted as needed)
     * @param column the column this code version writes
     * @param firstId the first id this writer inserts (keep writers' ranges apart)
     * @param existingRows updates pick an id in [1, existingRows]
     */
    public ColumnWriter(Connection connection, String table, String column, long firstId, long existingRows,
                        int maxSeconds) {
        this(connection, table, column, firstId, existingRows, maxSeconds, false);
    }

    /** @param numbers write integers from 1000 to 1999 instead of text (tests keep their own values below 1000) */
    public ColumnWriter(Connection connection, String table, String column, long firstId, long existingRows,
                        int maxSeconds, boolean numbers) {
        thread = new Thread(() -> {
            long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
            long next = firstId;
            try (Connection c = connection;
                 PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, " + column
                         + ") VALUES (?, ?)");
                 PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
                while (running.get() && System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    if (writes.get() % 2 == 0) {
                        insert.setLong(1, next);
                        if (numbers) {
                            insert.setLong(2, 1000 + next % 1000);
                        } else {
                            insert.setString(2, column + "-" + next);
                        }
                        next++;
                        insert.executeUpdate();
                        inserts.incrementAndGet();
                    } else {
                        long id = ThreadLocalRandom.current().nextLong(1, existingRows + 1);
                        if (numbers) {
                            update.setLong(1, 1000 + writes.get() % 1000);
                        } else {
                            update.setString(1, column + "-u" + writes.get());
                        }
                        update.setLong(2, id);
                        update.executeUpdate();
                    }
                    worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    writes.incrementAndGet();
                }
            } catch (SQLException e) {
                failure = e;
            }
        }, "test-writer-" + column);
        thread.setDaemon(true);
        thread.start();
    }

    public void resetWorst() {
        worstNanos.set(0);
    }

    /** The longest write since the last reset (waits for the write in flight). */
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

    /** The rows it inserted (each committed: autocommit). */
    public long inserts() {
        return inserts.get();
    }

    /** The failure so far, or null; the writer stops at its first. */
    public SQLException failure() {
        return failure;
    }

    /** Stops; throws the writer's failure if it had one. */
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
