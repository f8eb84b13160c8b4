package dev.safemigrate.execution.batch;

import java.sql.SQLException;
import java.util.List;

/**
 * Key-range predicates over a (possibly composite) primary key, written out lexicographically —
 * {@code a > 1 OR (a = 1 AND b > 'x')} — which both PostgreSQL and MySQL/MariaDB answer from the
 * primary-key index.
 */
final class KeyRange {
    /** Writes a key component as SQL. */
    interface Literals {
        String literal(String value, boolean numeric) throws SQLException;
    }

    private KeyRange() {
    }

    /** Rows strictly after {@code key}. */
    static String after(List<String> columns, Key key, Literals literals) throws SQLException {
        return compare(columns, key, literals, ">", false);
    }

    /** Rows up to and including {@code key}. */
    static String upTo(List<String> columns, Key key, Literals literals) throws SQLException {
        return compare(columns, key, literals, "<", true);
    }

    private static String compare(List<String> columns, Key key, Literals literals, String op, boolean inclusive)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        int n = columns.size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sql.append(" OR ");
            }
            sql.append('(');
            for (int j = 0; j < i; j++) {
                sql.append(columns.get(j)).append(" = ").append(literal(key, j, literals)).append(" AND ");
            }
            String last = inclusive && i == n - 1 ? op + "=" : op;
            sql.append(columns.get(i)).append(' ').append(last).append(' ').append(literal(key, i, literals)).append(')');
        }
        return n == 1 ? sql.substring(1, sql.length() - 1) : "(" + sql + ")";
    }

    private static String literal(Key key, int i, Literals literals) throws SQLException {
        return literals.literal(key.values().get(i), key.numeric().get(i));
    }
}
