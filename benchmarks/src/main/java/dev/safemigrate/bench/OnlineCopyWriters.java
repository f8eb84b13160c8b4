package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link OnlineCopyBenchmark}'s writers: {@link LoadThreads} whose operation is one autocommit statement on a random
 * row, an INSERT of a new id, an UPDATE or a DELETE of an id of the original range, in equal shares. A failed
 * statement is counted (by SQLState and error code, never its text, which can hold values) and the writer goes on,
 * so that errors are a figure and not the end of the run. The rows inserted and deleted are counted, so that the
 * table's row count afterwards can be checked against what the writers did.
 */
final class OnlineCopyWriters implements AutoCloseable {
    private final LoadThreads threads;
    private final AtomicLong nextId;
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final Map<String, Integer> errors = new TreeMap<>();

    /** {@code connections}: one bare autocommit connection per writer; {@code rows}: ids 1..rows exist. */
    OnlineCopyWriters(List<Connection> connections, String table, long rows, long intervalMillis) {
        this.nextId = new AtomicLong(rows + 1);
        String insert = "INSERT INTO `" + table + "` (id, customer, amount, note) VALUES (?, ?, ?, 'writer')";
        String update = "UPDATE `" + table + "` SET amount = amount + 1, note = 'updated' WHERE id = ?";
        String delete = "DELETE FROM `" + table + "` WHERE id = ?";
        this.threads = new LoadThreads("writer", new ArrayList<>(connections), intervalMillis, (c, random) -> {
            int kind = random.nextInt(3);
            try {
                if (kind == 0) {
                    try (PreparedStatement ps = c.prepareStatement(insert)) {
                        ps.setLong(1, nextId.getAndIncrement());
                        ps.setInt(2, random.nextInt(1000));
                        ps.setInt(3, random.nextInt(1, 5001));
                        inserted.addAndGet(ps.executeUpdate());
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement(kind == 1 ? update : delete)) {
                        ps.setLong(1, random.nextLong(1, rows + 1));
                        int n = ps.executeUpdate();
                        if (kind == 2) {
                            deleted.addAndGet(n);
                        }
                    }
                }
            } catch (SQLException e) {
                synchronized (errors) {
                    errors.merge(e.getSQLState() + "/" + e.getErrorCode(), 1, Integer::sum);
                }
            }
        });
    }

    void start() {
        threads.start();
    }

    void stop() throws Exception {
        threads.stop();
    }

    /** Latencies (sorted, ns) of the writes in flight in [from, to], including those still running. */
    long[] latencies(long from, long to) {
        return threads.latencies(from, to);
    }

    /** Writes (successful or not) in flight at some time in [from, to]. */
    int count(long from, long to) {
        return threads.count(from, to);
    }

    /** Rows the table must hold once the writers have stopped: the original ones, plus inserted, minus deleted. */
    long expectedRows(long rows) {
        return rows + inserted.get() - deleted.get();
    }

    /** Failed writes by SQLState/error code. */
    Map<String, Integer> errors() {
        synchronized (errors) {
            return new TreeMap<>(errors);
        }
    }

    int errorCount() {
        return errors().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() throws Exception {
        threads.close();
    }
}
