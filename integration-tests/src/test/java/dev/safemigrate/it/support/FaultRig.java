package dev.safemigrate.it.support;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.FaultProxy.Fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs a {@link FaultScenario} through a {@link FaultProxy} with one fault, then again on a direct connection,
 * and says what did not converge: the final catalog and rows compared with a clean run's, no INVALID index, no
 * session of the driver left (so none holds a lock).
 */
public final class FaultRig implements AutoCloseable {
    /** The application name of every driver session (PostgreSQL), to find the ones left behind. */
    public static final String APP = "sm-fault";
    private static final long SESSION_GRACE_MS = 20_000;
    private static final java.util.regex.Pattern CONCURRENT_BUILD = java.util.regex.Pattern.compile(
            "(?is)\\s*(CREATE (UNIQUE )?INDEX CONCURRENTLY|REINDEX .*CONCURRENTLY).*");

    private final TestDatabase db;
    private final boolean pg;
    private final FaultProxy proxy;
    private final Connection admin;
    private final Connection killerConnection;
    private final long killerId;
    private volatile boolean killMidBuild;

    /** What a clean run through the proxy did. */
    public record Clean(FaultScenario scenario, int steps, List<String> stepLog, String snapshot, long millis) {
    }

    /** One injected fault and what followed. */
    public record Outcome(FaultScenario scenario, Fault fault, int step, String stepText, boolean fired,
                          boolean faultedRunFailed, boolean reRun, String problem, List<String> serverLeftovers,
                          boolean invalidIndexBeforeReRun) {
        public String label() {
            return scenario.name() + " " + fault + " at step " + step + " (" + stepText + ")";
        }
    }

    public FaultRig(TestDatabase db) throws Exception {
        this.db = db;
        this.pg = db.engine() == Engine.POSTGRESQL;
        // no server-side prepared statements: the fixture drops and recreates what the queries read
        admin = pg ? DriverManager.getConnection(db.bareUrl() + "&prepareThreshold=0", db.user(), db.password())
                : db.openBare();
        killerConnection = db.openBare();
        killerId = Sessions.sessionId(db, killerConnection);
        proxy = FaultProxy.inFrontOf(db.bareUrl(), this::kill);
    }

    public FaultProxy proxy() {
        return proxy;
    }

    private synchronized void kill(long backendId) throws Exception {
        try (Statement st = killerConnection.createStatement()) {
            if (pg && killMidBuild) {
                // the build is in its middle once it waits for the older snapshot (a virtualxid lock)
                long deadline = System.currentTimeMillis() + 5_000;
                while (System.currentTimeMillis() < deadline) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backendId
                            + " AND wait_event_type = 'Lock'")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            break;
                        }
                    }
                    Thread.sleep(2);
                }
            }
            if (pg) {
                st.execute("SELECT pg_terminate_backend(" + backendId + ")");
            } else {
                try {
                    st.execute("KILL " + backendId);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // unknown thread: it ended first
                        throw e;
                    }
                }
            }
        }
    }

    /** The safemigrate URL through the proxy. */
    public String proxiedUrl(String settings) {
        return proxy.throughProxy(db.safeUrl(settings(settings)));
    }

    public String directUrl(String settings) {
        return db.safeUrl(settings(settings));
    }

    private String settings(String settings) {
        return pg ? settings + "&ApplicationName=" + APP : settings;
    }

    /** Removes everything from the class's schema/database and builds the scenario's fixture. */
    public void fixture(FaultScenario s) throws SQLException {
        try (Statement st = admin.createStatement()) {
            if (pg) {
                st.execute("DROP SCHEMA IF EXISTS " + quote(db.schema()) + " CASCADE");
                st.execute("CREATE SCHEMA " + quote(db.schema()));
            } else {
                // the whole database, not its tables: a trigger MariaDB half created or half dropped (see
                // undroppableTriggers) leaves a name file behind that only dropping the database removes
                dropDatabase(st);
                st.execute("CREATE DATABASE " + quote(db.schema()));
                st.execute("USE " + quote(db.schema()));
            }
            for (String sql : s.fixture()) {
                st.execute(sql);
            }
        }
    }

    /** MariaDB's "can't rmdir …, errno: 39": DROP DATABASE dropped the tables but found a file it does not know. */
    private static final int ERROR_DROPPING_DATABASE = 1010;

    /**
     * Drops the class's database. A kill in the middle of MariaDB's CREATE TRIGGER can leave the trigger's name
     * file ({@code _t_del.TRN}) without its table's trigger file: DROP DATABASE then drops every table and stops
     * at the directory (seen in CI). That file is the server's, not the driver's: it is removed from the data
     * directory when the server's is on this machine (CI's is), and the drop retried; otherwise this fails saying so.
     */
    private void dropDatabase(Statement st) throws SQLException {
        try {
            st.execute("DROP DATABASE IF EXISTS " + quote(db.schema()));
        } catch (SQLException e) {
            if (e.getErrorCode() != ERROR_DROPPING_DATABASE) {
                throw e;
            }
            java.nio.file.Path dir;
            try (ResultSet rs = st.executeQuery("SELECT @@datadir")) {
                rs.next();
                dir = java.nio.file.Path.of(rs.getString(1), db.schema());
            }
            List<java.nio.file.Path> names = new ArrayList<>();
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                    if (!f.getFileName().toString().endsWith(".TRN")) {
                        throw new AssertionError("DROP DATABASE " + db.schema() + " left " + f + ", not a trigger name"
                                + " file: " + e.getMessage(), e);
                    }
                    names.add(f);
                }
                for (java.nio.file.Path f : names) {
                    java.nio.file.Files.delete(f);
                }
            } catch (java.io.IOException io) {
                AssertionError failure = new AssertionError("DROP DATABASE " + db.schema() + " failed (" + e.getMessage()
                        + ") on a trigger name file MariaDB left after a kill, and its data directory " + dir
                        + " is not reachable from here to remove it: drop the database by hand", io);
                failure.addSuppressed(e);
                throw failure;
            }
            System.out.println("fault-rig: removed the trigger name file(s) MariaDB left after a kill: " + names);
            st.execute("DROP DATABASE IF EXISTS " + quote(db.schema()));
        }
    }

    /** Sends the scenario's statements on one connection; the failure, or null. */
    public SQLException run(FaultScenario s, String url) {
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement st = c.createStatement()) {
            for (String sql : s.statements()) {
                st.execute(sql);
            }
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** A clean run through the proxy: how many steps, and the state they leave. */
    public Clean clean(FaultScenario s) throws Exception {
        fixture(s);
        proxy.reset();
        long start = System.nanoTime();
        SQLException failure = run(s, proxiedUrl(s.settings()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failure != null) {
            throw new AssertionError(s + ": the clean run failed", failure);
        }
        int steps = proxy.steps();
        List<String> log = proxy.stepLog();
        String problem = awaitGone(proxy.backendIds());
        if (problem == null) {
            problem = leftovers();
        }
        if (problem != null) {
            throw new AssertionError(s + ": after the clean run " + problem);
        }
        return new Clean(s, steps, log, snapshot(), millis);
    }

    /** Fresh fixture, fault at step k through the proxy, re-run directly, compared with the clean run. */
    public Outcome inject(Clean clean, Fault fault, int step) throws Exception {
        FaultScenario s = clean.scenario();
        fixture(s);
        proxy.arm(fault, step);
        // A concurrent index build on 40 rows ends before a kill arrives. An older snapshot held meanwhile makes it
        // wait (PostgreSQL waits for every older transaction before it marks the index valid), so the fault at
        // that step meets the build in its middle, and a kill leaves the INVALID index the re-run must handle.
        String stepInClean = step <= clean.stepLog().size() ? clean.stepLog().get(step - 1) : "";
        boolean midBuild = pg && fault != Fault.CUT_BEFORE && CONCURRENT_BUILD.matcher(stepInClean).matches();
        SQLException failure;
        boolean invalidBeforeReRun = false;
        if (midBuild) {
            try (Connection snapshot = db.openBare(); Statement h = snapshot.createStatement()) {
                snapshot.setAutoCommit(false);
                h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                h.executeQuery("SELECT 1").close();
                killMidBuild = true;
                try {
                    failure = run(s, proxiedUrl(s.settings()));
                } finally {
                    killMidBuild = false;
                }
                invalidBeforeReRun = invalidIndexes() > 0;
                snapshot.rollback();
            }
        } else {
            failure = run(s, proxiedUrl(s.settings()));
        }
        boolean fired = proxy.fired();
        List<String> log = proxy.stepLog();
        String text = step <= log.size() ? log.get(step - 1) : "not reached";
        List<Long> sessions = proxy.backendIds();
        Throwable killFailure = proxy.killFailure();
        proxy.reset();
        String problem = null;
        if (killFailure != null) {
            problem = "the kill failed: " + killFailure;
        }
        if (!fired && failure != null) {
            problem = "the run failed without a fault: " + failure;
        }
        if (problem == null) {
            problem = awaitGone(sessions);
        }
        boolean reRun = false;
        if (problem == null && failure == null) {
            // The caller was told it worked (the fault hit a step after the last one that mattered, or a side
            // connection the driver could do without): no one would send it again, so it must be done already.
            problem = leftovers();
            String after = snapshot();
            if (problem == null && !after.equals(clean.snapshot())) {
                problem = "the faulted run reported success but did not finish:\n" + diff(clean.snapshot(), after);
            }
            return new Outcome(s, fault, step, text, fired, false, false, problem, List.of(), invalidBeforeReRun);
        }
        if (problem == null) {
            // A batch whose journal row says finished was applied in full before the fault: its reply was lost.
            // Sent again it would be a new statement (applied a second time), as a plain UPDATE would be.
            boolean finished = s.batched() && batchFinished();
            if (finished && !saysDoNotSendAgain(failure)) {
                problem = "the run failed after its batches were all committed and marked finished, without saying"
                        + " that the statement is done: " + failure;
            }
            reRun = !finished;
            if (reRun) {
                SQLException again = run(s, directUrl(s.settings()));
                if (again != null && !pg && again.getErrorCode() == 1359) {
                    // MariaDB 10.11: a CREATE TRIGGER killed at the wrong moment leaves the trigger's name taken
                    // while DROP TRIGGER IF EXISTS says it does not exist (1360): the server's leftover, which
                    // no re-run can remove (the fixture drops the database); counted, not a driver failure
                    System.out.println("fault-rig: the server left a half-created trigger: " + again.getMessage());
                    return new Outcome(s, fault, step, text, fired, true, true, null,
                            List.of("half-created trigger: " + again.getMessage()), invalidBeforeReRun);
                }
                if (again != null) {
                    problem = "the re-run failed: " + again;
                }
            }
        }
        if (problem == null) {
            problem = leftovers();
        }
        List<String> serverLeftovers = List.of();
        if (problem == null) {
            String after = snapshot();
            if (!after.equals(clean.snapshot()) && !pg) {
                serverLeftovers = undroppableTriggers(clean.snapshot());
                for (String line : serverLeftovers) {
                    after = after.replace(line + "\n", "");
                }
            }
            if (!after.equals(clean.snapshot())) {
                problem = "did not converge to the clean run's state:\n" + diff(clean.snapshot(), after);
            }
        }
        return new Outcome(s, fault, step, text, fired, failure != null, reRun, problem, serverLeftovers,
                invalidBeforeReRun);
    }

    /**
     * MariaDB 10.11: a {@code DROP TRIGGER} killed at the wrong moment leaves the trigger listed in the catalog (its
     * table's .TRG file) while its name is gone (.TRN): {@code DROP TRIGGER [IF EXISTS]} then says it does not exist,
     * and only dropping the table removes it. Such a trigger, one the clean run does not have, is no leftover the
     * driver could remove; this finds them (a leftover that can still be dropped is dropped here and not returned,
     * so the comparison still fails on it).
     */
    private List<String> undroppableTriggers(String cleanSnapshot) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String row : column(admin, "SELECT CONCAT(EVENT_OBJECT_TABLE, ' ', TRIGGER_NAME) FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = DATABASE()")) {
            if (cleanSnapshot.contains("trg " + row + "\n")) {
                continue;
            }
            String trigger = row.substring(row.indexOf(' ') + 1);
            try (Statement st = admin.createStatement()) {
                st.execute("DROP TRIGGER IF EXISTS " + quote(trigger));
                java.sql.SQLWarning w = st.getWarnings();
                if (w != null && w.getErrorCode() == 1360) { // Trigger does not exist
                    // still listed after the table's cached definition is reloaded?
                    String table = row.substring(0, row.indexOf(' '));
                    st.execute("FLUSH TABLES " + quote(table));
                    boolean listed = !column(admin, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE"
                            + " TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = '" + trigger + "'").isEmpty();
                    System.out.println("fault-rig: trigger " + row + " cannot be dropped (1360); after FLUSH TABLES "
                            + (listed ? "still listed" : "gone"));
                    found.add("trg " + row);
                }
            }
        }
        return found;
    }

    /** The driver's message for a run whose finish mark may have reached the server: look before sending it again. */
    private static boolean saysDoNotSendAgain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("do not send it again")) {
                return true;
            }
        }
        return false;
    }

    private boolean batchFinished() throws SQLException {
        String exists = pg
                ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'safemigrate_batch_journal'"
                : "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'safemigrate_batch_journal'";
        return longValue(exists) > 0
                && longValue("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'") > 0;
    }

    private static final java.util.regex.Pattern READ_ONLY = java.util.regex.Pattern.compile(
            "(?is)\\s*(/\\*.*?\\*/\\s*)*(SELECT|SHOW|SET (SESSION )?(lock_timeout|lock_wait_timeout|statement_timeout|"
                    + "character_set|NAMES|application_name|extra_float_digits|sql_mode|time_zone)).*");
    private static final java.util.regex.Pattern WRITES = java.util.regex.Pattern.compile(
            "(?is).*\\b(nextval|setval|pg_terminate_backend|pg_cancel_backend|FOR UPDATE|FOR SHARE|INTO)\\b.*");

    /**
     * Whether a step (as the proxy logged it) changes nothing on the server beyond its own session: a query or a
     * session setting. A fault there, of any kind, leaves the server as a cut before the next step does: the session
     * dies with whatever it held. ({@code SET autocommit} is not one: it commits an open transaction.)
     */
    public static boolean sessionOnly(String step) {
        return READ_ONLY.matcher(step).matches() && !WRITES.matcher(step).matches();
    }

    /** Waits until the server has ended every session the run had (a cut one ends when the server notices). */
    private String awaitGone(List<Long> sessions) throws Exception {
        if (sessions.isEmpty()) {
            return null;
        }
        StringBuilder ids = new StringBuilder();
        for (Long id : sessions) {
            ids.append(ids.length() == 0 ? "" : ", ").append(id);
        }
        String sql = pg ? "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + ids + ")"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID IN (" + ids + ")";
        long deadline = System.currentTimeMillis() + SESSION_GRACE_MS;
        while (longValue(sql) > 0) {
            if (System.currentTimeMillis() > deadline) {
                return "sessions of the faulted run still there after " + SESSION_GRACE_MS + " ms: "
                        + String.join("; ", column(admin, pg
                        ? "SELECT pid || ' ' || state || ' ' || coalesce(wait_event, '') || ' ' || left(query, 80)"
                        + " FROM pg_stat_activity WHERE pid IN (" + ids + ")"
                        : "SELECT CONCAT(ID, ' ', COMMAND, ' ', COALESCE(STATE, ''), ' ', LEFT(COALESCE(INFO, ''), 80))"
                        + " FROM information_schema.PROCESSLIST WHERE ID IN (" + ids + ")"));
            }
            Thread.sleep(5);
        }
        return null;
    }

    /** Sessions of the driver still connected, locks held on the schema's objects, INVALID indexes. */
    private String leftovers() throws Exception {
        String sessions = pg ? "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + APP + "'"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
                + " AND ID <> " + killerId;
        long deadline = System.currentTimeMillis() + 5_000;
        while (longValue(sessions) > 0) {
            if (System.currentTimeMillis() > deadline) {
                return "a session of the driver is still connected after the re-run";
            }
            Thread.sleep(5);
        }
        String locks = pg ? "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relnamespace = current_schema()::regnamespace AND l.pid <> pg_backend_pid()"
                : "SELECT count(*) FROM information_schema.METADATA_LOCK_INFO WHERE TABLE_SCHEMA = DATABASE()";
        deadline = System.currentTimeMillis() + 2_000;
        while (longValue(locks) > 0) {
            if (System.currentTimeMillis() > deadline) {
                String who = pg ? "SELECT l.pid || ' ' || l.mode || ' ' || c.relname || ' ' || coalesce(a.application_name, '')"
                        + " || ' ' || coalesce(a.state, '') || ' ' || left(coalesce(a.query, ''), 80) FROM pg_locks l"
                        + " JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE c.relnamespace = current_schema()::regnamespace AND l.pid <> pg_backend_pid()"
                        : "SELECT CONCAT(m.THREAD_ID, ' ', m.LOCK_MODE, ' ', m.LOCK_TYPE, ' ', COALESCE(m.TABLE_NAME, ''), ' ',"
                        + " COALESCE(p.COMMAND, 'gone'), ' ', COALESCE(p.DB, '-'), ' ', LEFT(COALESCE(p.INFO, ''), 80))"
                        + " FROM information_schema.METADATA_LOCK_INFO m LEFT JOIN information_schema.PROCESSLIST p"
                        + " ON p.ID = m.THREAD_ID WHERE m.TABLE_SCHEMA = DATABASE()";
                return "locks held on the schema's objects after the re-run: " + String.join("; ", column(admin, who));
            }
            Thread.sleep(5);
        }
        if (pg && invalidIndexes() > 0) {
            return "an INVALID index is left";
        }
        return null;
    }

    private long invalidIndexes() throws SQLException {
        return longValue("SELECT count(*) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                + " WHERE i.relnamespace = current_schema()::regnamespace AND NOT x.indisvalid");
    }

    /** The schema's catalog, normalised (sorted by name), and every table's rows without timestamps. */
    public String snapshot() throws SQLException {
        StringBuilder out = new StringBuilder();
        List<String> catalog = pg ? List.of(
                "SELECT 'rel ' || relname || ' ' || relkind::text FROM pg_class WHERE relnamespace = current_schema()::regnamespace",
                "SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable"
                        + " || ' default=' || coalesce(column_default, '-') FROM information_schema.columns"
                        + " WHERE table_schema = current_schema()",
                "SELECT 'idx ' || i.relname || ' valid=' || x.indisvalid || ' ' || pg_get_indexdef(i.oid) FROM pg_index x"
                        + " JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relnamespace = current_schema()::regnamespace",
                "SELECT 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || contype::text || ' validated=' || convalidated"
                        + " || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
                "SELECT 'trg ' || tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger t"
                        + " JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace"
                        + " AND NOT tgisinternal",
                "SELECT 'fun ' || proname || '(' || pg_get_function_identity_arguments(oid) || ') ' || md5(prosrc)"
                        + " FROM pg_proc WHERE pronamespace = current_schema()::regnamespace",
                "SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = current_schema()")
                : List.of(
                "SELECT CONCAT('rel ', TABLE_NAME, ' ', TABLE_TYPE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
                "SELECT CONCAT('col ', TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' null=', IS_NULLABLE, ' default=',"
                        + " COALESCE(COLUMN_DEFAULT, '-'), ' ', EXTRA) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
                "SELECT CONCAT('idx ', TABLE_NAME, ' ', INDEX_NAME, ' unique=', 1 - NON_UNIQUE, ' ', SEQ_IN_INDEX, ' ',"
                        + " COLUMN_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
                "SELECT CONCAT('con ', TABLE_NAME, ' ', CONSTRAINT_NAME, ' ', CONSTRAINT_TYPE)"
                        + " FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
                "SELECT CONCAT('chk ', TABLE_NAME, ' ', CONSTRAINT_NAME, ' ', CHECK_CLAUSE)"
                        + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
                "SELECT CONCAT('trg ', EVENT_OBJECT_TABLE, ' ', TRIGGER_NAME) FROM information_schema.TRIGGERS"
                        + " WHERE TRIGGER_SCHEMA = DATABASE()");
        for (String sql : catalog) {
            List<String> lines = column(admin, sql);
            lines.sort(null);
            lines.forEach(l -> out.append(l).append('\n'));
        }
        String tables = pg ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
        List<String> names = column(admin, tables);
        names.sort(null);
        for (String table : names) {
            out.append(rows(table));
        }
        return out.toString();
    }

    /** A table's rows, sorted, without timestamps (and without the driver's record ids, drawn from sequences). */
    private String rows(String table) throws SQLException {
        String columnsSql = pg
                ? "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = ? ORDER BY column_name"
                : "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? ORDER BY COLUMN_NAME";
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement(columnsSql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String type = rs.getString(2).toLowerCase(Locale.ROOT);
                    boolean driverId = table.startsWith("safemigrate_") && name.equals("id") && pg;
                    // the batch journal's counters describe the last run of a statement: a re-run of an expansion
                    // after its backfill finished runs the (idempotent) backfill again, and finds nothing to do
                    boolean lastRunOnly = table.equals("safemigrate_batch_journal")
                            && List.of("rows_done", "batches", "last_key", "max_key").contains(name);
                    if (!type.startsWith("timestamp") && !type.equals("datetime") && !driverId && !lastRunOnly) {
                        columns.add(quote(name));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + quote(table))) {
            while (rs.next()) {
                StringBuilder line = new StringBuilder("row ").append(table).append(':');
                for (int i = 1; i <= columns.size(); i++) {
                    line.append(' ').append(rs.getString(i));
                }
                lines.add(line.toString());
            }
        }
        lines.sort(null);
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static String diff(String expected, String actual) {
        Set<String> want = new LinkedHashSet<>(List.of(expected.split("\n")));
        Set<String> got = new LinkedHashSet<>(List.of(actual.split("\n")));
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String line : want) {
            if (!got.contains(line) && shown++ < 12) {
                out.append("  - ").append(line).append('\n');
            }
        }
        for (String line : got) {
            if (!want.contains(line) && shown++ < 24) {
                out.append("  + ").append(line).append('\n');
            }
        }
        if (out.length() == 0) {
            out.append("  (same lines, different multiplicity: a row doubled or lost)\n");
        }
        return out.toString();
    }

    private long longValue(String sql) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String quote(String identifier) {
        return pg ? '"' + identifier.replace("\"", "\"\"") + '"' : '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        admin.close();
        killerConnection.close();
    }
}
