package dev.safemigrate.cli.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The long transaction real databases always have at the wrong moment: a report that reads
 * {@code orders} and keeps its transaction (and so its ACCESS SHARE lock on the table) open for
 * {@code hold}. It blocks no reader or writer; it blocks an ALTER TABLE, behind which everyone else queues.
 */
final class ReportTransaction implements AutoCloseable {
    private final Connection connection;
    private final Thread committer;
    private final long startedNanos;
    private final long holdNanos;
    private volatile boolean finished;

    private ReportTransaction(Connection connection, Duration hold) {
        this.connection = connection;
        this.holdNanos = hold.toNanos();
        this.startedNanos = System.nanoTime();
        this.committer = new Thread(this::commitWhenDue, "demo-report");
        this.committer.setDaemon(true);
    }

    static ReportTransaction begin(Connection connection, Duration hold) throws SQLException {
        try {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), sum(amount) FROM orders")) {
                rs.next();
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        ReportTransaction report = new ReportTransaction(connection, hold);
        report.committer.start();
        return report;
    }

    private void commitWhenDue() {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, startedNanos + holdNanos - System.nanoTime()));
            connection.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // the demo goes on: the report only ends sooner
        } finally {
            finished = true;
        }
    }

    boolean finished() {
        return finished;
    }

    long heldMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        committer.join(holdNanos / 1_000_000 + 30_000);
        connection.close();
    }
}
