package dev.safemigrate.dialect;

import java.sql.SQLException;

/** Walks an exception and the exceptions chained to it, as drivers report batch failures that way. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** True when {@code e} or anything chained to it carries this SQLSTATE. */
    public static boolean hasSqlState(SQLException e, String sqlState) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException && sqlState.equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code e} or anything chained to it carries this vendor error code. */
    public static boolean hasErrorCode(SQLException e, int code) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException && ((SQLException) t).getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException) {
            SQLException n = ((SQLException) t).getNextException();
            if (n != null && n != t) {
                return n;
            }
        }
        Throwable c = t.getCause();
        return c == t ? null : c;
    }
}
