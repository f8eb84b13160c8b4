package dev.safemigrate.jdbc;

import dev.safemigrate.config.Setting;
import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.SideConnections;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:safemigrate:} driver. Registered with DriverManager through
 * {@code META-INF/services/java.sql.Driver}. It strips its own prefix and settings, lets the real
 * driver connect, and wraps the connection.
 */
public final class SafeMigrateDriver implements Driver {

    static {
        try {
            DriverManager.registerDriver(new SafeMigrateDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Whether {@code connection} is one this driver made with safemigrate enabled, or a pool's proxy
     * around one ({@code isWrapperFor}). Tool integrations use it to tell our connections from others.
     */
    public static boolean isSafeMigrateConnection(Connection connection) {
        if (connection == null) {
            return false;
        }
        if (connection instanceof SafeConnection) {
            return true;
        }
        try {
            return connection.isWrapperFor(SafeConnection.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return SafeUrl.accepts(url);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // the JDBC contract: not ours, let DriverManager try the next driver
        }
        SafeUrl safeUrl = SafeUrl.parse(url);
        Properties callerProperties = info == null ? new Properties() : info;
        Settings settings = SettingsResolver.resolve(safeUrl.settings(), callerProperties, System.getProperties(),
                SettingsResolver.loadClasspathFile());
        Driver real = RealDriverLocator.find(safeUrl.family(), safeUrl.realUrl());
        Properties realProperties = withoutOurKeys(callerProperties);
        Connection connection = real.connect(safeUrl.realUrl(), realProperties);
        if (connection == null) {
            throw new SQLException("The " + safeUrl.family().subprotocol() + " driver (" + real.getClass().getName()
                    + ") did not accept the URL after safemigrate removed its prefix; check the URL's syntax.", "08001");
        }
        if (!settings.enabled()) {
            return connection;
        }
        try {
            SideConnections side = () -> real.connect(safeUrl.realUrl(), realProperties);
            return SafeConnections.create(connection, safeUrl.userUrl(), safeUrl.family(), settings, side);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static Properties withoutOurKeys(Properties info) {
        Properties copy = new Properties();
        for (String key : info.stringPropertyNames()) {
            if (!key.startsWith(Setting.PREFIX)) {
                copy.setProperty(key, info.getProperty(key));
            }
        }
        return copy;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        SafeUrl safeUrl = SafeUrl.parse(url);
        List<DriverPropertyInfo> all = new ArrayList<>();
        for (Setting s : Setting.values()) {
            DriverPropertyInfo p = new DriverPropertyInfo(s.key(), s.defaultValue());
            p.description = s.description() + " Allowed: " + s.allowedValues() + ".";
            all.add(p);
        }
        try {
            Driver real = RealDriverLocator.find(safeUrl.family(), safeUrl.realUrl());
            all.addAll(Arrays.asList(real.getPropertyInfo(safeUrl.realUrl(), withoutOurKeys(
                    info == null ? new Properties() : info))));
        } catch (SQLException missingDriver) {
            // our own settings are still worth listing
        }
        return all.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false; // compliance is the real driver's; we add nothing that changes it
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.safemigrate");
    }
}
