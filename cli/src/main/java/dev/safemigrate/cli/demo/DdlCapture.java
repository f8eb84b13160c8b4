package dev.safemigrate.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Evidence of what reached the server: an event trigger ({@code ddl_command_start}) records every DDL
 * statement as the server received it ({@code current_query()}) with the lock timeout it ran under. The
 * record is written through {@code dblink}, from another session, so attempts that fail on their lock
 * timeout (and are rolled back) are recorded too.
 *
 * <p>Only on the embedded database: an event trigger is database-wide and needs a superuser, so the demo
 * never installs one on a database given with {@code --url}.
 */
final class DdlCapture {
    private static final String TRIGGER = "safemigrate_demo_ddl_capture";

    private final String schema;

    private DdlCapture(String schema) {
        this.schema = schema;
    }

    /** One DDL statement as the server saw it. */
    record Seen(String query, String lockTimeout) {
    }

    static DdlCapture install(Connection c, String schema) throws SQLException {
        String s = Format.quote(schema);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS dblink SCHEMA " + s);
            st.execute("CREATE TABLE " + s + ".ddl_seen (seq bigserial PRIMARY KEY, query text, lock_timeout text)");
            // The connection string is built from the server's own facts; the embedded server trusts local users.
            st.execute("CREATE FUNCTION " + s + ".ddl_seen_record() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM " + s + ".dblink_exec("
                    + "   'host=' || coalesce(host(inet_server_addr()), 'localhost')"
                    + "   || ' port=' || coalesce(inet_server_port(), 5432) || ' dbname=' || current_database()"
                    + "   || ' user=' || current_user,"
                    + "   format('INSERT INTO %I.ddl_seen (query, lock_timeout) VALUES (%L, %L)', "
                    + literal(schema) + ", current_query(), current_setting('lock_timeout'))); END $$");
            st.execute("CREATE EVENT TRIGGER " + TRIGGER + " ON ddl_command_start EXECUTE FUNCTION "
                    + s + ".ddl_seen_record()");
        }
        return new DdlCapture(schema);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** The position to read from later. */
    long mark(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + Format.quote(schema) + ".ddl_seen")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<Seen> since(Connection c, long mark) throws SQLException {
        List<Seen> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT query, lock_timeout FROM " + Format.quote(schema)
                + ".ddl_seen WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, mark);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seen(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Removes the trigger; the rest goes with the schema. */
    void remove(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP EVENT TRIGGER IF EXISTS " + TRIGGER);
        }
    }
}
