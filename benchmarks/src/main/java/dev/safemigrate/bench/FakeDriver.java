package dev.safemigrate.bench;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * An in-memory stand-in for pgjdbc: accepts {@code jdbc:postgresql:fake%}, does no I/O, and its
 * statements return one constant result set. It exists so the benchmarks measure only what the
 * safemigrate wrapper adds on top of a driver call, not a database round trip.
 *
 * <p>pgjdbc is on the benchmark class path too (for {@link BackfillBenchmark}), and
 * {@code DriverManager.getDriver} returns the first registered driver that accepts a URL. pgjdbc
 * accepts {@code jdbc:postgresql:fake} (database "fake" on localhost), so the fake URL ends in a
 * broken %-escape, which pgjdbc cannot decode and therefore rejects: the fake driver is then the only
 * one that accepts it, whatever the registration order.
 */
public final class FakeDriver implements Driver {
    public static final String URL = "jdbc:postgresql:fake%";

    /** The product version its metadata reports: lets callers check that they got the fake. */
    public static final String VERSION = "16.0 (fake)";

    static {
        try {
            DriverManager.registerDriver(new FakeDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Forces class initialisation, i.e. registration with DriverManager. Idempotent. */
    public static void register() {
        // the static initialiser does the work
    }

    @Override
    public boolean acceptsURL(String url) {
        return URL.equals(url);
    }

    @Override
    public Connection connect(String url, Properties info) {
        return acceptsURL(url) ? new FakeConnection() : null;
    }

    /**
     * Only read once per connection, by SafeMigrateDriver.connect (never on a measured path), so a
     * dynamic proxy is good enough here.
     */
    static DatabaseMetaData metaData(Connection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(FakeDriver.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getDatabaseProductName": return "PostgreSQL";
                        case "getDatabaseProductVersion": return VERSION;
                        case "getDatabaseMajorVersion": return 16;
                        case "getDatabaseMinorVersion": return 0;
                        case "getURL": return URL;
                        case "getConnection": return connection;
                        case "toString": return "FakeDatabaseMetaData";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default: throw new SQLFeatureNotSupportedException("fake metadata: " + method.getName());
                    }
                });
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 42;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.safemigrate.bench");
    }
}
