package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A few threads, each on its own bare connection, each running one operation every {@code intervalMillis}
 * (at once when the previous one was late), recording every operation's start and end. Used for
 * {@link PreWaitBenchmark}'s readers (a short SELECT) and its lock storm (a short writing transaction).
 */
final class LoadThreads implements AutoCloseable {
    /** One operation on the thread's connection. */
    interface Operation {
        void run(Connection c, ThreadLocalRandom random) throws SQLException, InterruptedException;
    }

    private final LatencyLog log = new LatencyLog();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections;
    private final AtomicLongArray inFlight;
    private volatile boolean running = true;
    private volatile SQLException failure;

    LoadThreads(String name, List<Connection> connections, long intervalMillis, Operation op) {
        this.connections = connections;
        this.inFlight = new AtomicLongArray(connections.size());
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        for (int i = 0; i < connections.size(); i++) {
            int slot = i;
            Connection c = connections.get(i);
            // Staggered, so that the threads together spread their operations evenly over the interval.
            long offset = interval * i / connections.size();
            Thread t = new Thread(() -> loop(slot, c, interval, offset, op), name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void loop(int slot, Connection c, long interval, long offset, Operation op) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long next = System.nanoTime() + offset;
        try {
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long start = System.nanoTime();
                inFlight.set(slot, start);
                op.run(c, random);
                long end = System.nanoTime();
                inFlight.set(slot, 0);
                log.add(start, end);
                next = Math.max(next + interval, end);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            if (running) {
                failure = e;
            }
        }
    }

    /** Latencies (sorted, ns) of the operations in flight in [from, to], including those still running. */
    long[] latencies(long from, long to) {
        long[] starts = new long[inFlight.length()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = inFlight.get(i);
        }
        return log.latencies(from, to, starts, System.nanoTime());
    }

    int count(long from, long to) {
        return log.count(from, to);
    }

    /** Stops the threads (each finishes its operation) and fails when one of them failed. */
    void stop() throws Exception {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (failure != null) {
            throw new IllegalStateException("a load thread failed: " + failure.getSQLState() + " " + failure.getMessage(),
                    failure);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Connection c : connections) {
            c.close();
        }
    }
}
