package dev.safemigrate.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application's traffic on {@code orders}, through the bare driver as an application's own pool would
 * send it: {@link #WRITERS} writers (insert a new order, or update a random one) and one reader (a random
 * order by key), each at a fixed rate of one operation every {@link #PERIOD_MILLIS} ms, autocommit.
 */
final class Load implements AutoCloseable {
    static final int WRITERS = 3;
    static final long PERIOD_MILLIS = 20;

    /** Opens one connection for one client. */
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final int rows;
    private final Latencies latencies = new Latencies();
    private final List<Client> clients = new ArrayList<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError;
    private volatile boolean running = true;

    Load(Connector connector, int rows) {
        this.connector = connector;
        this.rows = rows;
    }

    void start() throws SQLException {
        for (int i = 0; i < WRITERS + 1; i++) {
            Client client = new Client(i < WRITERS, connector.open());
            clients.add(client);
        }
        for (Client client : clients) {
            client.thread.start();
        }
    }

    Latencies latencies() {
        return latencies;
    }

    long operations() {
        return operations.get();
    }

    long errors() {
        return errors.get();
    }

    String firstError() {
        return firstError;
    }

    /** How long the longest-waiting operation in flight has been waiting since it was due; 0 if none. */
    long longestWaitMillis() {
        long now = System.nanoTime();
        long longest = 0;
        for (Client client : clients) {
            long due = client.dueOfRunning;
            if (due != 0) {
                longest = Math.max(longest, now - due);
            }
        }
        return longest / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Client client : clients) {
            client.thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    private final class Client implements Runnable {
        private final boolean writer;
        private final Connection connection;
        private final Thread thread;
        /** nanoTime the running operation was due, 0 when idle. */
        private volatile long dueOfRunning;

        Client(boolean writer, Connection connection) {
            this.writer = writer;
            this.connection = connection;
            this.thread = new Thread(this, writer ? "demo-writer" : "demo-reader");
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try (Connection c = connection;
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO orders (customer_no, amount, note) VALUES (?, ?, 'new order')");
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE orders SET amount = amount + 1 WHERE id = ?");
                 PreparedStatement read = c.prepareStatement("SELECT id, amount FROM orders WHERE id = ?")) {
                long due = System.nanoTime();
                while (running) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    dueOfRunning = due;
                    boolean failed = false;
                    try {
                        if (!writer) {
                            read.setLong(1, 1 + random.nextInt(rows));
                            try (ResultSet rs = read.executeQuery()) {
                                rs.next();
                            }
                        } else if (random.nextBoolean()) {
                            insert.setLong(1, 1 + random.nextInt(Scenario.CUSTOMERS));
                            insert.setBigDecimal(2, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
                            insert.executeUpdate();
                        } else {
                            update.setLong(1, 1 + random.nextInt(rows));
                            update.executeUpdate();
                        }
                    } catch (SQLException e) {
                        failed = true;
                        errors.incrementAndGet();
                        if (firstError == null) {
                            firstError = e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")";
                        }
                    }
                    latencies.record(due, System.nanoTime() - due, failed);
                    dueOfRunning = 0;
                    operations.incrementAndGet();
                    due += period;
                }
            } catch (SQLException e) {
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = e.getMessage();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
