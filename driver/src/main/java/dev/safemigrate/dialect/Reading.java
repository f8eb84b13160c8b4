package dev.safemigrate.dialect;

import java.sql.SQLException;

/**
 * One measurement of a server signal (replication lag in seconds, active sessions): either a value or
 * the reason it could not be read (missing privilege, view missing, not a replica, …). The throttle
 * never guesses a value it could not read.
 *
 * @param value the measurement; {@code NaN} when unreadable
 * @param problem why it could not be read; {@code null} when {@link #readable()}
 */
public record Reading(double value, String problem) {

    public static Reading of(double value) {
        return new Reading(value, null);
    }

    public static Reading unreadable(String problem) {
        return new Reading(Double.NaN, problem);
    }

    public boolean readable() {
        return problem == null;
    }

    /**
     * For readers: a failed query is an unreadable signal (permission, missing view, syntax of another
     * version…), except a broken connection (SQLSTATE class 08), which is rethrown: the batch would fail
     * on it anyway, and pausing would only hide it.
     */
    public static Reading fromFailure(String what, SQLException e) throws SQLException {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            throw e;
        }
        return unreadable(what + " failed: " + e.getMessage()
                + (state == null ? "" : " (SQLSTATE " + state + ", error " + e.getErrorCode() + ")"));
    }
}
