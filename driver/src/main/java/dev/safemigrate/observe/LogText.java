package dev.safemigrate.observe;

import dev.safemigrate.sql.LogMasking;

/** Formatting of SQL text for logs and error messages. */
public final class LogText {
    private static final int MAX = 200;

    private LogText() {
    }

    /**
     * One line, at most 200 characters: enough to recognise a statement in a log. Only statement text
     * is ever shown; bind values never reach a log or a message, and the literals of a statement that sets a
     * credential are masked ({@link LogMasking#secretsMasked}).
     */
    public static String shorten(String sql) {
        if (sql == null) {
            return "";
        }
        String oneLine = LogMasking.secretsMasked(sql).replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "…";
    }

    /**
     * A server error the driver wraps, named by its SQLSTATE and code only: the server's message can quote row
     * values ({@code invalid input syntax for type integer: "…"}, {@code Duplicate entry '…'}, PostgreSQL's
     * DETAIL), so it stays in the real driver's exception, which the driver's exception carries as its cause.
     */
    public static String serverError(java.sql.SQLException e) {
        return "the server's error SQLSTATE " + e.getSQLState() + (e.getErrorCode() == 0 ? "" : ", code "
                + e.getErrorCode()) + " (" + e.getClass().getSimpleName() + ", this exception's cause: its message"
                + " may quote row values and is not repeated here)";
    }
}
