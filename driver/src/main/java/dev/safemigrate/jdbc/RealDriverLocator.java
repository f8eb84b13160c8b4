package dev.safemigrate.jdbc;

import dev.safemigrate.dialect.DatabaseFamily;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Finds the real JDBC driver for a stripped URL. DriverManager first; then, because Flyway's Gradle
 * plugin and application servers load drivers in class loaders DriverManager does not search, the
 * known driver class by name through the context class loader and our own.
 */
final class RealDriverLocator {
    private RealDriverLocator() {
    }

    static Driver find(DatabaseFamily family, String realUrl) throws SQLException {
        try {
            Driver driver = DriverManager.getDriver(realUrl);
            if (!(driver instanceof SafeMigrateDriver)) {
                return driver;
            }
        } catch (SQLException notRegistered) {
            // fall through to loading by class name
        }
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), RealDriverLocator.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> type = Class.forName(family.driverClass(), true, loader);
                Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
                if (driver.acceptsURL(realUrl)) {
                    return driver;
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                // not visible through this loader
            }
        }
        throw new SQLException("safemigrate found no JDBC driver for " + family.subprotocol() + " ("
                + family.driverClass() + "). safemigrate wraps the real driver: add " + family.artifact()
                + " to the class path.", "08001");
    }
}
