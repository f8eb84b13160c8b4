package dev.safemigrate.it.support;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Other sessions the tests play: a transaction that holds a table, a reader whose latency we measure. */
public final class Sessions {
    private Sessions() {
    }

    /**
     * A bare connection with an open transaction that has read {@code table}: it holds a lock
     * (PostgreSQL ACCESS SHARE, MySQL shared metadata lock) that every ALTER of the table must wait for,
     * and sits "idle in transaction" like a forgotten application session. Commit or close it to release.
     */
    public static Connection holdTransactionOn(TestDatabase db, String table) throws SQLException {
        Connection c = db.openBare();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                // read it all, as an application would
            }
        }
        return c;
    }

    /**
     * The server's id of a session: PostgreSQL backend pid (known to pgjdbc, so no query is sent and
     * the session's last query stays what the test ran), MySQL connection id.
     */
    public static long sessionId(TestDatabase db, Connection c) throws SQLException {
        if (db.engine() == Engine.POSTGRESQL) {
            return c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Milliseconds {@code action} took. */
    public static long millis(Callable<?> action) throws Exception {
        long start = System.nanoTime();
        action.call();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** How long a fresh session waits to read {@code table}: what production traffic would feel. */
    public static long readLatency(TestDatabase db, String table) throws Exception {
        try (Connection c = db.openBare(); Statement st = c.createStatement()) {
            return millis(() -> {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    return rs.next();
                }
            });
        }
    }

    public static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static boolean columnExists(TestDatabase db, String table, String column) throws SQLException {
        try (Connection c = db.openBare(); ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
            while (rs.next()) {
                String schema = db.engine() == Engine.POSTGRESQL ? rs.getString("TABLE_SCHEM") : rs.getString("TABLE_CAT");
                if (db.schema().equals(schema)) {
                    return true;
                }
            }
            return false;
        }
    }
}
