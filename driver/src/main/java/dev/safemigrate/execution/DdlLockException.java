package dev.safemigrate.execution;

import java.sql.SQLException;

/**
 * A DDL statement that did not get its lock: retries exhausted, or retrying would have meant
 * waiting while holding locks that stall other sessions. The SQLSTATE is PostgreSQL's 55P03
 * (MySQL/MariaDB: the server's own SQLSTATE and error code), so tools that react to lock
 * timeouts still recognise it; the message says what blocked it and what to do.
 */
public final class DdlLockException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    DdlLockException(String message, String sqlState, int vendorCode, int attempts, SQLException cause) {
        super(message, sqlState, vendorCode, cause);
        this.attempts = attempts;
    }

    /** How many times the statement was tried. */
    public int attempts() {
        return attempts;
    }
}
