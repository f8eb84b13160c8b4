package dev.safemigrate.spring;

import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.jdbc.SafeConnections;
import dev.safemigrate.observe.DriverMetrics;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A migration tool's data source, made safe: each connection it hands out is the driver's wrapper around a
 * connection of {@link #target()} (a pool's, or one Spring Boot opened from {@code spring.flyway.url}). Closing
 * such a connection closes the target's, so a pool gets it back; the driver has by then put the session's lock
 * timeout back as it found it.
 *
 * <p>Only the migration tool is given this object; the application's DataSource bean stays what it was, and
 * so do its connections, also those the tool borrowed and gave back.
 */
public final class MigrationDataSource implements DataSource, AutoCloseable {
    private final DataSource target;
    private final Properties settings;
    private final DriverMetrics metrics;
    /** The target's plain JDBC URL, read from its first connection (it picks the database family). */
    private volatile String url;

    MigrationDataSource(DataSource target, Properties settings, DriverMetrics metrics) {
        this.target = target;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The data source the tool was given before: where the connections come from. */
    public DataSource target() {
        return target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return safe(target.getConnection(), target::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return safe(target.getConnection(username, password), () -> target.getConnection(username, password));
    }

    /**
     * @param side how the engine opens another connection like this one, for its watchdogs (a concurrent index
     *             build's, the batching throttle's): from the same target, so from the same pool
     */
    private Connection safe(Connection real, SideConnections side) throws SQLException {
        try {
            return SafeConnections.wrap(real, url(real), settings, null, side, metrics);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                real.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private String url(Connection real) throws SQLException {
        String u = url;
        if (u == null) {
            u = real.getMetaData().getURL();
            url = u;
        }
        return u;
    }

    /**
     * Closes the target when it can be closed. Only Spring Boot's {@code DataSourceClosingSpringLiquibase} calls
     * this, for a data source it built from {@code spring.liquibase.url} and owns; a data source the application
     * shares with Liquibase is given to a plain {@code SpringLiquibase}, which never closes it.
     */
    @Override
    public void close() throws Exception {
        if (target instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public String toString() {
        return "safemigrate over " + target;
    }
}
