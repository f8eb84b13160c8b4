package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Production traffic against a table and its twin: a thread that inserts, updates and deletes random rows,
 * applying each change to {@code table} and then the same change to {@code twin} in one transaction, so both
 * receive the same writes in the same order. At the end the twin, altered by the server itself, is what the
 * table must equal row for row. Records every error and the slowest change to {@code table}.
 *
 * <p>Both tables: {@code (id bigint PRIMARY KEY, customer int, amount int, note varchar(40))}.
 */
public final class TwinWriter implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final List<SQLException> errors = new ArrayList<>();
    private final Thread thread;

    /**
     * @param firstNewId ids this writer inserts start here and go up by one: writers given disjoint ranges
     *     never insert the same id
     * @param existingIds updates and deletes pick ids from 1 to this
     */
    public TwinWriter(TestDatabase db, String table, String twin, long firstNewId, long existingIds) {
        thread = new Thread(() -> run(db, table, twin, firstNewId, existingIds), "twin-writer-" + table);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(TestDatabase db, String table, String twin, long nextId, long existingIds) {
        try (Connection c = db.openBare()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            String[] insert = {"INSERT INTO " + table + " (id, customer, amount, note) VALUES (?, ?, ?, ?)",
                    "INSERT INTO " + twin + " (id, customer, amount, note) VALUES (?, ?, ?, ?)"};
            String[] update = {"UPDATE " + table + " SET amount = amount + ?, note = ? WHERE id = ?",
                    "UPDATE " + twin + " SET amount = amount + ?, note = ? WHERE id = ?"};
            String[] delete = {"DELETE FROM " + table + " WHERE id = ?", "DELETE FROM " + twin + " WHERE id = ?"};
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (running.get() && System.nanoTime() < deadline) {
                int op = random.nextInt(3);
                long id = op == 0 ? nextId++ : 1 + random.nextLong(existingIds);
                int customer = random.nextInt(1000);
                int amount = random.nextInt(1, 1000);
                String note = "w" + Long.toHexString(random.nextLong());
                try {
                    for (int t = 0; t < 2; t++) {
                        long start = System.nanoTime();
                        String sql = op == 0 ? insert[t] : op == 1 ? update[t] : delete[t];
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            if (op == 0) {
                                ps.setLong(1, id);
                                ps.setInt(2, customer);
                                ps.setInt(3, amount);
                                ps.setString(4, note);
                            } else if (op == 1) {
                                ps.setInt(1, amount);
                                ps.setString(2, note);
                                ps.setLong(3, id);
                            } else {
                                ps.setLong(1, id);
                            }
                            ps.executeUpdate();
                        }
                        if (t == 0) {
                            worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        }
                    }
                    c.commit();
                    changes.incrementAndGet();
                } catch (SQLException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is gone: the next statement reports it
                    }
                }
            }
        } catch (SQLException e) {
            synchronized (errors) {
                errors.add(e);
            }
        }
    }

    public long changes() {
        return changes.get();
    }

    public long worstMillis() {
        return worstNanos.get() / 1_000_000;
    }

    /** Every error a change got (each rolled back, on both tables). */
    public List<SQLException> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
