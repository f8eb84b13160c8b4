package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What reached a MySQL/MariaDB server, read from the general log written to {@code mysql.general_log}
 * (performance_schema is off by default on MariaDB and cannot be turned on at run time). Turning the log
 * on is a global server setting: {@link #close()} puts back the values found, also after a failure
 * (use it in try-with-resources). Statements are read per session (thread id), from the moment the
 * log was opened. When the log was off, the table is emptied first (see {@link #start}).
 */
public final class GeneralLog implements AutoCloseable {
    private final Connection admin;
    private final String oldGeneralLog;
    private final String oldOutput;
    private final Timestamp since;

    private GeneralLog(Connection admin, String oldGeneralLog, String oldOutput, Timestamp since) {
        this.admin = admin;
        this.oldGeneralLog = oldGeneralLog;
        this.oldOutput = oldOutput;
        this.since = since;
    }

    public static GeneralLog start(TestDatabase db) throws SQLException {
        Connection admin = db.openBare();
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.general_log, @@GLOBAL.log_output, NOW(6)")) {
            rs.next();
            GeneralLog log = new GeneralLog(admin, rs.getString(1), rs.getString(2), rs.getTimestamp(3));
            if (!log.wasOn()) {
                // Nobody is logging, so nobody is reading: drop what earlier runs left. The table is CSV, without
                // indexes: every read scans all of it, and it only ever grew (170 MB, 3 s a read, after a day of runs).
                st.execute("TRUNCATE TABLE mysql.general_log");
            }
            st.execute("SET GLOBAL log_output = 'TABLE', general_log = 1");
            return log;
        } catch (SQLException e) {
            admin.close();
            throw e;
        }
    }

    /** Queries the session {@code threadId} sent since the log was started, in order. */
    public List<String> statements(long threadId) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT argument FROM mysql.general_log"
                + " WHERE thread_id = ? AND command_type = 'Query' AND event_time >= ? ORDER BY event_time")) {
            ps.setLong(1, threadId);
            ps.setTimestamp(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    /** The DDL among them (ALTER, CREATE, DROP), in order. */
    public List<String> ddl(long threadId) throws SQLException {
        return onlyDdl(statements(threadId));
    }

    /**
     * Queries sent since the log was started by every session that connected to {@code database} since then,
     * in order: for a tool that opens connections of its own (Flyway, Liquibase, a child Maven), whose session
     * ids the test cannot ask. Sessions of other databases (other tests sharing the server) are left out.
     */
    public List<String> statementsOnDatabase(String database) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT argument FROM mysql.general_log"
                + " WHERE command_type = 'Query' AND event_time >= ? AND thread_id IN (SELECT thread_id"
                + " FROM mysql.general_log WHERE command_type = 'Connect' AND event_time >= ? AND argument LIKE ?)"
                + " ORDER BY event_time")) {
            ps.setTimestamp(1, since);
            ps.setTimestamp(2, since);
            // MariaDB and MySQL log a connection as "user@host on <database> using TCP/IP"
            ps.setString(3, "% on " + database.replace("_", "\\_") + " %");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    /** The DDL (ALTER, CREATE, DROP) of {@link #statementsOnDatabase}, in order. */
    public List<String> ddlOnDatabase(String database) throws SQLException {
        return onlyDdl(statementsOnDatabase(database));
    }

    private static List<String> onlyDdl(List<String> statements) {
        List<String> result = new ArrayList<>();
        for (String s : statements) {
            String head = s.stripLeading().toUpperCase(Locale.ROOT);
            if (head.startsWith("ALTER ") || head.startsWith("CREATE ") || head.startsWith("DROP ")) {
                result.add(s);
            }
        }
        return result;
    }

    private boolean wasOn() {
        return "1".equals(oldGeneralLog) || "ON".equalsIgnoreCase(oldGeneralLog);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin; Statement st = c.createStatement()) {
            st.execute("SET GLOBAL general_log = " + (wasOn() ? 1 : 0));
            try (PreparedStatement ps = c.prepareStatement("SET GLOBAL log_output = ?")) {
                ps.setString(1, oldOutput);
                ps.execute();
            }
        }
    }
}
