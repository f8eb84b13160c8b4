package dev.safemigrate.dialect;

import java.sql.SQLException;

/**
 * Timeouts set for one DDL statement; {@link #restore()} puts back the session's previous values so
 * a pooled connection's later queries run as before.
 */
public interface TimeoutScope {
    /** Nothing was set, nothing to restore. */
    TimeoutScope NONE = () -> { };

    void restore() throws SQLException;
}
