package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every DDL statement exactly as it reached the PostgreSQL server ({@code current_query()}
 * in a {@code ddl_command_start} event trigger), with the lock timeout it ran under. The record is
 * written through {@code dblink} by another session, so it survives a rollback of the statement's
 * transaction and gives that transaction no transaction id (DROP INDEX CONCURRENTLY insists on being
 * its first action). PostgreSQL fires no event trigger for REINDEX before version 17.
 * Database-wide: install it in a test and remove it afterwards ({@link #close()}).
 */
public final class DdlProbe implements AutoCloseable {
    private final TestDatabase db;

    private DdlProbe(TestDatabase db) {
        this.db = db;
    }

    public static DdlProbe install(TestDatabase db) throws SQLException {
        String schema = db.schema();
        String password = db.password() == null || db.password().isEmpty() ? ""
                : " password=" + db.password().replace("'", "''");
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                "CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public",
                "CREATE TABLE IF NOT EXISTS " + schema + ".ddl_probe (seq bigserial, query text, tag text, lock_timeout text)",
                "TRUNCATE " + schema + ".ddl_probe",
                "CREATE OR REPLACE FUNCTION " + schema + ".ddl_probe_record() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN PERFORM public.dblink_exec("
                        + "   'host=' || coalesce(host(inet_server_addr()), 'localhost')"
                        + "   || ' port=' || coalesce(inet_server_port(), 5432) || ' dbname=' || current_database()"
                        + "   || ' user=' || current_user || '" + password + "',"
                        + "   format('INSERT INTO " + schema + ".ddl_probe (query, tag, lock_timeout) VALUES (%L, %L, %L)',"
                        + "          current_query(), tg_tag, current_setting('lock_timeout'))); END $$",
                "CREATE EVENT TRIGGER safemigrate_it_ddl_probe ON ddl_command_start"
                        + " EXECUTE FUNCTION " + schema + ".ddl_probe_record()");
        return new DdlProbe(db);
    }

    /**
     * The lock timeouts PostgreSQL shows ({@code current_setting('lock_timeout')}) for the attempts of a statement
     * when they grow from {@code firstMillis}, doubling, up to {@code maxMillis} (safemigrate.lockTimeout.first and
     * lockTimeout): with the defaults 50ms, 100ms, 200ms, 400ms, 800ms, 1s.
     */
    public static List<String> lockTimeoutSchedule(long firstMillis, long maxMillis) {
        List<String> shown = new ArrayList<>();
        for (long t = firstMillis; ; t *= 2) {
            long ms = Math.min(t, maxMillis);
            shown.add(ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
            if (ms == maxMillis) {
                return shown;
            }
        }
    }

    /** The statements seen so far, in order, as sent (surrounding whitespace trimmed). */
    public List<String> statements() throws SQLException {
        return column("query");
    }

    /** The lock_timeout each statement ran under. */
    public List<String> lockTimeouts() throws SQLException {
        return column("lock_timeout");
    }

    public void clear() throws SQLException {
        db.execute("TRUNCATE " + db.schema() + ".ddl_probe");
    }

    private List<String> column(String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + db.schema() + ".ddl_probe ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1).trim());
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe");
    }
}
