package dev.safemigrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads the server's load as the number of other sessions running a statement right now. */
@FunctionalInterface
public interface LoadReader {

    /** For families that have none: always unreadable. */
    LoadReader UNSUPPORTED = raw -> Reading.unreadable("active sessions are not supported for this database");

    /**
     * @param raw the real connection, in autocommit between batches; its own session is not counted
     * @return the number of active sessions, or why it cannot be read; throws only when the connection is broken
     */
    Reading activeSessions(Connection raw) throws SQLException;
}
