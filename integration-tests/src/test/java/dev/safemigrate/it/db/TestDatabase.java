package dev.safemigrate.it.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The database of one test class: a real server plus the class's own schema (PostgreSQL) or database
 * (MySQL/MariaDB). Injected by {@link DatabaseExtension}; see {@link RealDatabase}.
 */
public final class TestDatabase {

    private static final String SAFE_PREFIX = "jdbc:safemigrate:";

    private final DatabaseResolver.Server server;
    private final String schema;
    private final String bareUrl;

    TestDatabase(DatabaseResolver.Server server, String schema, String bareUrl) {
        this.server = Objects.requireNonNull(server);
        this.schema = Objects.requireNonNull(schema);
        this.bareUrl = Objects.requireNonNull(bareUrl);
    }

    /** The engine of the server. */
    public Engine engine() {
        return server.engine();
    }

    /**
     * The URL of the real driver pointing at this class's schema/database, e.g.
     * {@code jdbc:postgresql://127.0.0.1:5432/test?currentSchema=it_foo_ab12cd} or
     * {@code jdbc:mariadb://127.0.0.1:3306/it_foo_ab12cd}.
     */
    public String bareUrl() {
        return bareUrl;
    }

    /**
     * {@link #bareUrl()} pointed at {@code otherSchema} instead of the class's: the PostgreSQL schema
     * ({@code currentSchema}) or the MySQL/MariaDB database; for a tool that must create its own.
     *
     * @throws IllegalStateException when the URL does not name the class's schema where expected
     */
    public String bareUrlOn(String otherSchema) {
        String url = engine() == Engine.POSTGRESQL
                ? bareUrl.replace("currentSchema=" + schema, "currentSchema=" + otherSchema)
                : bareUrl.replace("/" + schema, "/" + otherSchema);
        if (url.equals(bareUrl)) {
            throw new IllegalStateException("cannot point " + bareUrl + " at " + otherSchema);
        }
        return url;
    }

    /** {@link #bareUrl()} with {@code jdbc:safemigrate:} in place of {@code jdbc:}. */
    public String safeUrl() {
        return SAFE_PREFIX + bareUrl.substring("jdbc:".length());
    }

    /** {@link #safeUrl()} with extra query parameters appended, e.g. {@code "safemigrate.lockTimeout=500ms"}. */
    public String safeUrl(String extraParams) {
        return JdbcUrls.appendParams(safeUrl(), extraParams);
    }

    /** The user name. */
    public String user() {
        return server.user();
    }

    /** The password ("" when none). */
    public String password() {
        return server.password();
    }

    /** The per-class schema (PostgreSQL) or database (MySQL/MariaDB). */
    public String schema() {
        return schema;
    }

    /** A new connection through the real driver. */
    public Connection openBare() throws SQLException {
        return DriverManager.getConnection(bareUrl(), user(), password());
    }

    /** A new connection through the safemigrate driver. */
    public Connection openSafe() throws SQLException {
        return DriverManager.getConnection(safeUrl(), user(), password());
    }

    /** A new connection through the safemigrate driver with extra URL parameters. */
    public Connection openSafe(String extraParams) throws SQLException {
        return DriverManager.getConnection(safeUrl(extraParams), user(), password());
    }

    /** Runs the statements in order on a fresh bare connection in autocommit mode. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = openBare(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The first column of the first row of {@code sql}, run on a fresh bare connection. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = openBare(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("query returned no rows: " + sql);
            }
            long value = rs.getLong(1);
            if (rs.wasNull()) {
                throw new SQLException("query returned NULL: " + sql);
            }
            return value;
        }
    }

    /**
     * Every row of each query, as text ({@code value|value|} per row), run on a fresh bare connection: a
     * snapshot to compare before and after something that must not change the database.
     */
    public String dump(String... queries) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection c = openBare(); Statement s = c.createStatement()) {
            for (String query : queries) {
                try (ResultSet rs = s.executeQuery(query)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int k = 1; k <= columns; k++) {
                            text.append(rs.getString(k)).append('|');
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** The server's version string, e.g. {@code 15.13 (Debian 15.13-0+deb12u1)} or {@code 10.11.19-MariaDB}. */
    public String serverVersion() {
        return server.version();
    }

    /** Where the server came from: {@code env}, {@code testcontainers}, {@code local} or {@code embedded}. */
    public String source() {
        return server.source();
    }

    DatabaseResolver.Server server() {
        return server;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + engine() + ", " + source() + ", " + JdbcUrls.forLog(bareUrl) + "]";
    }
}
