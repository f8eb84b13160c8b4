package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.SqlCursor;

/**
 * Rewrites the definitions the server prints ({@code pg_get_indexdef}, {@code pg_get_constraintdef}) so that
 * they name another column of the same table: every name token that is the column (quotes removed, folded)
 * becomes the new name, quoted — but not a qualified part ({@code x.col}, {@code (row).col}), a function
 * ({@code col(}) or a type ({@code ::col}).
 */
final class ColumnReferences {
    private ColumnReferences() {
    }

    /** The tokens of {@code sql} from {@code from} (inclusive) to {@code to} (exclusive) rewritten; the rest kept. */
    static String replace(String sql, int from, int to, String column, String replacement) {
        SqlCursor c = SqlCursor.over(sql, Dialect.POSTGRESQL);
        StringBuilder b = new StringBuilder(sql.length() + 16);
        int copied = 0;
        int end = Math.min(to, c.size());
        for (int i = Math.max(from, 0); i < end; i++) {
            if (!c.isName(i) || !column.equals(c.folded(i))) {
                continue;
            }
            if (c.isPunct(i - 1, '.') || c.isPunct(i + 1, '(') || c.isPunct(i + 1, '.') || isAfterCast(c, i)) {
                continue;
            }
            b.append(sql, copied, c.start(i)).append(Identifiers.quote(Dialect.POSTGRESQL, replacement));
            copied = c.end(i);
        }
        return b.append(sql, copied, sql.length()).toString();
    }

    /** Every reference in {@code sql}. */
    static String replaceAll(String sql, String column, String replacement) {
        return replace(sql, 0, Integer.MAX_VALUE, column, replacement);
    }

    /**
     * An index definition ({@code CREATE [UNIQUE] INDEX name ON table USING method (…) [INCLUDE (…)] [WHERE …]})
     * with the column renamed in its keys, INCLUDE list and predicate, never in its own or its table's name;
     * {@code null} when it does not have that shape.
     */
    static String inIndexDefinition(String definition, String column, String replacement) {
        SqlCursor c = SqlCursor.over(definition, Dialect.POSTGRESQL);
        int using = -1;
        for (int i = 0; i < c.size(); i++) {
            if (c.isWord(i, "USING")) {
                using = i;
                break;
            }
        }
        if (using < 0 || !c.isPunct(using + 2, '(')) {
            return null;
        }
        return replace(definition, using + 2, c.size(), column, replacement);
    }

    /**
     * A foreign key's definition ({@code FOREIGN KEY (a, b) REFERENCES t(x, y) …}) with the column renamed in
     * its own column list only (the referenced columns are another table's); {@code null} for another shape.
     */
    static String inForeignKey(String definition, String column, String replacement) {
        SqlCursor c = SqlCursor.over(definition, Dialect.POSTGRESQL);
        if (!c.isWords(0, "FOREIGN", "KEY") || !c.isPunct(2, '(')) {
            return null;
        }
        int close = c.closingParen(2);
        if (close < 0) {
            return null;
        }
        return replace(definition, 3, close, column, replacement);
    }

    /** {@code ::name}: a type (the lexer gives {@code ::} as one token or two; either ends with ':'). */
    private static boolean isAfterCast(SqlCursor c, int i) {
        return i > 0 && c.text(i - 1).endsWith(":");
    }
}
