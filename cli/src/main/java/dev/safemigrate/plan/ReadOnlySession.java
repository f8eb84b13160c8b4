package dev.safemigrate.plan;

import dev.safemigrate.dialect.DatabaseFamily;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The one connection {@code plan} uses: opened with the real driver (never through safemigrate), read-only
 * three times over — {@link Connection#setReadOnly}, the session's default transaction mode, and an explicit
 * read-only transaction — and rolled back when closed. The server itself then refuses any write
 * (PostgreSQL SQLSTATE 25006, MySQL/MariaDB error 1792), whatever a bug in plan might try.
 */
public final class ReadOnlySession implements AutoCloseable {
    private final Connection connection;
    private final String product;

    private ReadOnlySession(Connection connection, String product) {
        this.connection = connection;
        this.product = product;
    }

    /**
     * @param url a {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL (without the
     *     {@code safemigrate:} part)
     */
    public static ReadOnlySession open(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c = DriverManager.getConnection(withDriver(url), props);
        try {
            String product = c.getMetaData().getDatabaseProductName();
            DatabaseFamily family = DatabaseFamily.ofServer(product, c.getMetaData().getDatabaseProductVersion());
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (family == DatabaseFamily.POSTGRESQL) {
                    st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                } else {
                    c.commit(); // no transaction may be open when the next one starts read only
                    st.execute("SET SESSION TRANSACTION READ ONLY");
                    st.execute("START TRANSACTION READ ONLY");
                }
            }
            return new ReadOnlySession(c, product);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * MariaDB's Connector/J (the one bundled in safemigrate.jar) takes {@code jdbc:mysql:} URLs only with its
     * {@code permitMysqlScheme} option; MySQL's own driver, when present, takes them as they are.
     */
    static String withDriver(String url) {
        if (!url.startsWith("jdbc:mysql:")) {
            return url;
        }
        try {
            DriverManager.getDriver(url);
            return url;
        } catch (SQLException noDriver) {
            return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
    }

    public Connection connection() {
        return connection;
    }

    /** {@code PostgreSQL}, {@code MySQL}, {@code MariaDB}: as the driver reports it. */
    public String product() {
        return product;
    }

    public String serverVersion() throws SQLException {
        return connection.getMetaData().getDatabaseProductVersion();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
