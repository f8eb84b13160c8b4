package dev.safemigrate.plan.lint;

import dev.safemigrate.sql.SqlCursor;

/**
 * A column's type as written, read from its tokens: the built-in type's name in lower case with the multi-word
 * spellings folded to one ({@code character varying} → {@code varchar}, {@code timestamp with time zone} →
 * {@code timestamptz}), and whether it has a length or precision in parentheses. Only unquoted, unqualified
 * names are read: anything else (a domain, {@code "int"}, {@code pg_catalog.int4}) is {@code null}, so it is
 * never flagged.
 *
 * @param name the type's name, folded as above
 * @param hasArgs written with {@code (…)} right after the name, e.g. {@code varchar(100)}
 */
record ColumnType(String name, boolean hasArgs) {

    static ColumnType at(SqlCursor c, int i) {
        if (!c.isPlainWord(i) || c.isPunct(i + 1, '.')) {
            return null;
        }
        String name = c.text(i).toLowerCase(java.util.Locale.ROOT);
        int next = i + 1;
        if ((name.equals("character") || name.equals("char")) && c.isWord(next, "VARYING")) {
            name = "varchar";
            next++;
        } else if (name.equals("double") && c.isWord(next, "PRECISION")) {
            name = "double precision";
            next++;
        }
        boolean hasArgs = c.isPunct(next, '(');
        if (name.equals("timestamp")) {
            int after = hasArgs ? c.closingParen(next) + 1 : next;
            if (after > 0 && c.isWords(after, "WITH", "TIME", "ZONE")) {
                name = "timestamptz";
            }
        }
        return new ColumnType(name, hasArgs);
    }
}
