package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Kills the backend of the connection named {@link #VICTIM} (its {@code ApplicationName}) at a chosen point
 * of what it runs: a watcher thread terminates it ({@code pg_terminate_backend}) as soon as it is seen in
 * {@code pg_stat_activity} in the given state, e.g. sleeping in a trap (an event trigger that makes a DDL
 * command wait before it runs) or waiting for a lock a test session holds.
 */
public final class KillPoint implements AutoCloseable {
    public static final String VICTIM = "sm-victim";

    private final TestDatabase db;
    private final Thread watcher;
    private final boolean trap;
    private volatile boolean killed;
    private volatile boolean stop;

    private KillPoint(TestDatabase db, String condition, boolean trap) {
        this.db = db;
        this.trap = trap;
        watcher = new Thread(() -> watch(condition), "kill-point");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * The victim is killed when its next DDL command whose text matches {@code regex} (case-insensitive) is about
     * to run: an event trigger ({@code ddl_command_start}) holds it in {@code pg_sleep} until the kill.
     */
    public static KillPoint beforeDdl(TestDatabase db, String regex) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION public.sm_test_trap() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN IF current_setting('application_name') = '" + VICTIM + "' AND current_query() ~* "
                        + "'" + regex.replace("'", "''") + "' THEN PERFORM pg_sleep(30); END IF; END $$",
                "DROP EVENT TRIGGER IF EXISTS sm_test_trap",
                "CREATE EVENT TRIGGER sm_test_trap ON ddl_command_start EXECUTE FUNCTION public.sm_test_trap()");
        return new KillPoint(db, "wait_event = 'PgSleep'", true);
    }

    /** The victim is killed while it waits for a lock (a row, a table, an older transaction) whatever it runs. */
    public static KillPoint whileWaitingForALock(TestDatabase db, String queryLike) {
        return new KillPoint(db, "wait_event_type = 'Lock' AND query LIKE '" + queryLike.replace("'", "''") + "'", false);
    }

    private void watch(String condition) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (Connection c = db.openBare();
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = '" + VICTIM + "' AND " + condition)) {
            while (!stop && !killed && System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        killed = true;
                        return;
                    }
                }
                Thread.sleep(10);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True once the victim's backend was terminated. */
    public boolean killed() throws InterruptedException {
        watcher.join(5_000);
        return killed;
    }

    @Override
    public void close() throws SQLException {
        stop = true;
        try {
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (trap) {
            try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                st.execute("DROP EVENT TRIGGER IF EXISTS sm_test_trap");
            }
        }
    }
}
