package dev.safemigrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens another raw connection to the same database with the same credentials, for a watchdog that
 * must query while the main connection is busy. Holds the credentials in memory only; never logged.
 */
@FunctionalInterface
public interface SideConnections {
    SideConnections NONE = () -> {
        throw new SQLException("no side connections here");
    };

    Connection open() throws SQLException;
}
