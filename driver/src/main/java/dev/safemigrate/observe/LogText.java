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
}
