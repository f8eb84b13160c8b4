package dev.safemigrate.it.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

import org.slf4j.LoggerFactory;

/**
 * An application that sends bind values and a password through every path of the driver that logs or throws,
 * run in a JVM of its own by {@code SecretsNeverLeakTest} with the driver's loggers at TRACE. It prints only
 * facts ({@code key=value} lines: SQLSTATEs, exception classes, counts), never a message it got from the server:
 * so every secret in its output came from a log. What it finds in exceptions it reports as
 * {@code leak.<scenario>=<class>} (an exception the driver made, told by its class or by the frame that made it,
 * whose own message shows a secret) or
 * {@code servertext.<scenario>=<class>} (the real driver's exception quoting the server, which may show data).
 */
public final class LeakProbeApp {
    /** The bind-value canary ({@link LogAudit#CANARY}, not referenced: that would install the audit here too). */
    static final String CANARY = "sm-secret-";
    public static final int ROWS = 20;

    private final String bareUrl;
    private final String user;
    private final String password;
    private final boolean postgres;

    private LeakProbeApp(String bareUrl, String user, String password) {
        this.bareUrl = bareUrl;
        this.user = user;
        this.password = password == null ? "" : password;
        this.postgres = bareUrl.startsWith("jdbc:postgresql:");
    }

    public static void main(String[] args) throws Exception {
        LeakProbeApp app = new LeakProbeApp(System.getenv("APP_URL"), System.getenv("APP_USER"),
                System.getenv("APP_PASSWORD"));
        fact("trace.enabled", LoggerFactory.getLogger("dev.safemigrate.execution.DdlExecutor").isTraceEnabled());
        app.setUp();
        app.scenario("preparedInsert", app::preparedInsert);
        app.scenario("preparedDuplicate", app::preparedDuplicate);
        app.scenario("batchedUpdate", app::batchedUpdate);
        app.scenario("batchFailsMidway", app::batchFailsMidway);
        app.scenario("dryRun", app::dryRun);
        app.scenario("refused", app::refused);
        app.scenario("lockRetry", app::lockRetry);
        app.scenario("onlineCopyRowRejected", app::onlineCopyRowRejected);
        app.scenario("badSettingValue", () -> app.connectOnly(app.safeUrl("safemigrate.lockTimeout=soon")
                + "&user=" + app.user + "&password=" + app.password, null, null));
        app.scenario("unknownSetting", () -> app.connectOnly(app.safeUrl("safemigrate.lockTimeuot=1s")
                + "&user=" + app.user + "&password=" + app.password, null, null));
        app.scenario("wrongPassword", () -> app.connectOnly(app.safeUrl(""), app.user, CANARY + "wrong-password"));
        app.scenario("unreachable", () -> app.connectOnly(app.unreachableUrl(), app.user, CANARY + "unreachable-pw"));
        fact("done", true);
    }

    // ---- scenarios -------------------------------------------------------------------------------

    private void setUp() throws SQLException {
        try (Connection c = DriverManager.getConnection(bareUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS items");
            s.execute("DROP TABLE IF EXISTS doomed");
            s.execute("CREATE TABLE items (k varchar(64) PRIMARY KEY, n int, s varchar(100))");
            s.execute("CREATE TABLE doomed (id int PRIMARY KEY)");
        }
    }

    /** Bind values through executeUpdate and a JDBC batch; half the rows get a numeric s, half a canary. */
    private String preparedInsert() throws SQLException {
        try (Connection c = safe("safemigrate.batch.minRows=0");
             PreparedStatement ps = c.prepareStatement("INSERT INTO items (k, n, s) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ROWS / 2; i++) {
                bindRow(ps, i, "5");
                ps.executeUpdate();
            }
            for (int i = ROWS / 2; i < ROWS; i++) {
                bindRow(ps, i, CANARY + "s-" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return "rows=" + count("SELECT count(*) FROM items");
    }

    /** The server's duplicate-key error names the value: the driver must hand over the real driver's own exception. */
    private String preparedDuplicate() throws SQLException {
        SQLException throughDriver = duplicate(safe("safemigrate.batch.minRows=0"));
        SQLException bare = duplicate(DriverManager.getConnection(bareUrl, user, password));
        inspect("preparedDuplicate", throughDriver);
        boolean same = throughDriver.getClass() == bare.getClass()
                && Objects.equals(throughDriver.getMessage(), bare.getMessage())
                && Objects.equals(throughDriver.getSQLState(), bare.getSQLState());
        return "sameAsBare=" + same + ",sqlstate=" + throughDriver.getSQLState();
    }

    private static SQLException duplicate(Connection c) throws SQLException {
        try (c; PreparedStatement ps = c.prepareStatement("INSERT INTO items (k, n, s) VALUES (?, ?, ?)")) {
            bindRow(ps, 0, CANARY + "dup");
            ps.executeUpdate();
            throw new IllegalStateException("the duplicate key was accepted");
        } catch (SQLException e) {
            return e;
        }
    }

    /** Keyset batches over a text key whose every value is a canary. */
    private String batchedUpdate() throws SQLException {
        int changed;
        try (Connection c = safe("safemigrate.batch.minRows=0&safemigrate.batch.minSize=1&safemigrate.batch.maxSize=4"
                + "&safemigrate.batch.targetTime=10ms"); Statement s = c.createStatement()) {
            changed = s.executeUpdate("UPDATE items SET n = n + 1");
        }
        return "count=" + changed + ",sum=" + count("SELECT sum(n) FROM items");
    }

    /** The rows with a canary in s fail the cast after the numeric ones were done: the server's error quotes it. */
    private String batchFailsMidway() throws SQLException {
        String cast = postgres ? "CAST(s AS integer)" : "CAST(s AS SIGNED)";
        try (Connection c = safe("safemigrate.batch.minRows=0&safemigrate.batch.minSize=1&safemigrate.batch.maxSize=4"
                + "&safemigrate.batch.targetTime=10ms"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE items SET n = " + cast);
        }
        return "no failure";
    }

    /** Dry run: a bulk statement, a prepared one with bind values and a prepared DDL are only described. */
    private String dryRun() throws SQLException {
        try (Connection c = safe("safemigrate.dryRun=true&safemigrate.batch.minRows=0&safemigrate.rewrite.minRows=0");
             Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("UPDATE items SET s = ? WHERE k = ?");
             PreparedStatement ddl = c.prepareStatement("CREATE INDEX items_n ON items (n)")) {
            s.executeUpdate("UPDATE items SET n = 7 WHERE n >= 0");
            ps.setString(1, CANARY + "dry-s");
            ps.setString(2, CANARY + "k-03");
            int one = ps.executeUpdate();
            ddl.execute();
            return "prepared=" + one;
        }
    }

    /**
     * A DDL refused by policy: SM001, and the connection's password nowhere in it. Sent as a Statement: prepared
     * statements run as written, policies included (docs/rules.md), so a prepared DROP TABLE is not refused.
     */
    private String refused() throws SQLException {
        try (Connection c = safe("safemigrate.policy.dropTable=refuse"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE doomed");
        }
        return "not refused";
    }

    /**
     * A DDL behind a transaction that read with a bind value: every attempt times out, is logged with the
     * sessions holding the table, and the last one gives up with them in its message.
     */
    private String lockRetry() throws Exception {
        try (Connection blocker = DriverManager.getConnection(bareUrl, user, password)) {
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement("SELECT count(*) FROM items WHERE k = ?")) {
                ps.setString(1, CANARY + "k-01");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            try (Connection c = safe("safemigrate.lockTimeout=100ms&safemigrate.lockTimeout.first=off"
                    + "&safemigrate.retry.maxAttempts=2&safemigrate.retry.baseDelay=10ms");
                 Statement s = c.createStatement()) {
                s.execute("ALTER TABLE items ADD COLUMN extra int");
            } finally {
                blocker.rollback();
            }
        }
        return "not blocked";
    }

    /**
     * MySQL/MariaDB: an online copy whose new definition (a unique key) rejects two rows bound with the same canary:
     * the server's "Duplicate entry '…'" must stay in the real driver's exception.
     */
    private String onlineCopyRowRejected() throws SQLException {
        if (postgres) {
            return "n/a";
        }
        try (Connection c = DriverManager.getConnection(bareUrl, user, password); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dupes VALUES (?, ?)")) {
            s.execute("CREATE TABLE dupes (id int PRIMARY KEY, s varchar(50))");
            for (int i = 1; i <= 2; i++) {
                ps.setInt(1, i);
                ps.setString(2, CANARY + "dup");
                ps.executeUpdate();
            }
        }
        try (Connection c = safe("safemigrate.policy.copyingAlter=online&safemigrate.rewrite.minRows=0");
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE dupes ADD UNIQUE KEY dupes_s (s), ADD CONSTRAINT dupes_ck CHECK (id >= 0)");
        }
        return "copied, rows=" + count("SELECT count(*) FROM dupes");
    }

    private String connectOnly(String url, String user, String password) throws SQLException {
        try (Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user,
                password)) {
            return "connected";
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void bindRow(PreparedStatement ps, int i, String s) throws SQLException {
        ps.setString(1, CANARY + "k-" + (i < 10 ? "0" : "") + i);
        ps.setInt(2, i);
        ps.setString(3, s);
    }

    private Connection safe(String params) throws SQLException {
        return DriverManager.getConnection(safeUrl(params), user, password);
    }

    private String safeUrl(String params) {
        String url = "jdbc:safemigrate:" + bareUrl.substring("jdbc:".length());
        return params.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + params;
    }

    private String unreachableUrl() {
        return postgres ? "jdbc:safemigrate:postgresql://127.0.0.1:1/test?connectTimeout=2"
                : "jdbc:safemigrate:mysql://127.0.0.1:1/test?connectTimeout=2000";
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(bareUrl, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void scenario(String name, Callable<String> body) {
        try {
            fact("scenario." + name, body.call());
        } catch (Throwable t) {
            inspect(name, t);
            fact("scenario." + name, "threw " + chain(t));
        }
    }

    /** Reports every throwable of the chain (causes, suppressed) whose text shows a secret. */
    private void inspect(String name, Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(thrown));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (t == null || !seen.add(t)) {
                continue;
            }
            String text = t + " " + t.getLocalizedMessage();
            // made by the driver: its class, or (a plain SQLException of the driver's) where it was made
            StackTraceElement[] made = t.getStackTrace();
            boolean ours = t.getClass().getName().startsWith("dev.safemigrate.")
                    || made.length > 0 && made[0].getClassName().startsWith("dev.safemigrate.");
            if (text.contains(CANARY) || (!password.isEmpty() && text.contains(password))) {
                fact((ours ? "leak." : "servertext.") + name, t.getClass().getName());
            }
            if (ours) {
                fact("message." + name, masked(String.valueOf(t.getMessage())));
            }
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException sql) {
                todo.add(sql.getNextException());
            }
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null && b.length() < 1000; x = x.getCause()) {
            b.append(b.length() == 0 ? "" : " <- ").append(x.getClass().getName());
            if (x instanceof SQLException sql) {
                b.append('[').append(sql.getSQLState()).append('/').append(sql.getErrorCode()).append(']');
            }
        }
        return b.toString();
    }

    private String masked(String text) {
        String m = text.replaceAll(CANARY + "[\\w-]*", "<canary>");
        if (!password.isEmpty()) {
            m = m.replace(password, "<password>");
        }
        return m.replaceAll("\\R", " ⏎ ");
    }

    private static void fact(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
