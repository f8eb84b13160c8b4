package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.ConcurrentWaitGuard;
import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.LogMasking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * While a concurrent build runs on session {@code pid}, asks from a side connection who it waits for
 * ({@code pg_blocking_pids}). When that is a session of this same process, idle in its transaction,
 * for several checks in a row, the build can never finish: the guard cancels it and records why.
 * Anyone else's transaction is waited for, as PostgreSQL would.
 */
final class OwnSessionWaitGuard implements ConcurrentWaitGuard {
    private static final Logger log = LoggerFactory.getLogger(OwnSessionWaitGuard.class);

    /** Checks per second, and how many in a row make a verdict (about 1.5 s). */
    static final long PERIOD_MILLIS = 250;
    static final int CONFIRMATIONS = 6;

    private static final String BLOCKERS_SQL =
            "SELECT a.pid, a.state, a.query, a.application_name FROM pg_stat_activity a"
                    + " WHERE a.pid = ANY (pg_blocking_pids(?)) AND a.state LIKE 'idle in transaction%'";

    private final int pid;
    /** The build's server (see {@link OwnSessions}): only our sessions on it count. */
    private final String server;
    private final SideConnections side;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String verdict;

    OwnSessionWaitGuard(int pid, String server, SideConnections side) {
        this.pid = pid;
        this.server = server;
        this.side = side;
        this.thread = new Thread(this::watch, "safemigrate-concurrent-build-guard-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try (Connection c = side.open();
             PreparedStatement blockers = c.prepareStatement(BLOCKERS_SQL);
             PreparedStatement cancel = c.prepareStatement("SELECT pg_cancel_backend(?)")) {
            blockers.setInt(1, pid);
            int streak = 0;
            int lastOwn = 0;
            while (running) {
                int own = 0;
                String state = null;
                String query = null;
                String application = null;
                try (ResultSet rs = blockers.executeQuery()) {
                    while (rs.next() && own == 0) {
                        if (OwnSessions.isOwn(new OwnSessions.Session(server, rs.getInt(1)))) {
                            own = rs.getInt(1);
                            state = rs.getString(2);
                            query = rs.getString(3);
                            application = rs.getString(4);
                        }
                    }
                }
                streak = own != 0 && own == lastOwn ? streak + 1 : (own != 0 ? 1 : 0);
                lastOwn = own;
                if (streak >= CONFIRMATIONS && running) {
                    verdict = message(own, state, query, application);
                    cancel.setInt(1, pid);
                    cancel.executeQuery().close();
                    return;
                }
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (SQLException e) {
            log.debug("Concurrent build guard stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String message(int own, String state, String query, String application) {
        return "safemigrate: the concurrent build had to wait for session " + own + " (application '" + application
                + "', state '" + state + "', query: " + LogText.shorten(LogMasking.literalsMasked(query, Dialect.POSTGRESQL))
                + "), which this same process opened and"
                + " which keeps a transaction open: the build could never finish, so it was cancelled."
                + " If that is Flyway's lock (its default on PostgreSQL), set flyway.postgresql.transactional.lock=false"
                + " (or PostgreSQLConfigurationExtension.setTransactionalLock(false)); otherwise end that transaction"
                + " before the migration, or set safemigrate.transactionPolicy=keep to build the index inside the"
                + " migration's transaction.";
    }

    @Override
    public String verdict() {
        return verdict;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
