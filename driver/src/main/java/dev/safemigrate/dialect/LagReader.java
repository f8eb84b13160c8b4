package dev.safemigrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads replication lag, in seconds, through the batching connection. One implementation per family. */
@FunctionalInterface
public interface LagReader {

    /** For families that have none: always unreadable. */
    LagReader UNSUPPORTED = raw -> Reading.unreadable("replication lag is not supported for this database");

    /**
     * @param raw the real connection, in autocommit between batches
     * @return the lag in seconds, or why it cannot be read; throws only when the connection is broken
     */
    Reading lagSeconds(Connection raw) throws SQLException;
}
