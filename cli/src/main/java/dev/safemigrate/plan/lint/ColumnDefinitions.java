package dev.safemigrate.plan.lint;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The column definitions a statement writes a type for: the columns of {@code CREATE TABLE t (…)}, and the
 * {@code ADD [COLUMN]}, {@code ALTER [COLUMN] … [SET DATA] TYPE} (PostgreSQL) and {@code MODIFY}/{@code CHANGE}
 * (MySQL/MariaDB) actions of an ALTER TABLE. A shape it does not know (CREATE TABLE … AS, PARTITION OF, OF type,
 * MySQL's {@code ADD COLUMN (a int, b int)}) gives no definition: nothing is guessed.
 */
final class ColumnDefinitions {
    /** Words that start a table constraint or index, not a column, in a column list or after ADD. */
    static final Set<String> NOT_COLUMNS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN",
            "EXCLUDE", "LIKE", "KEY", "INDEX", "FULLTEXT", "SPATIAL", "PARTITION", "PERIOD");

    /**
     * One column definition: tokens {@code [type, end)} of {@link SqlStatement#tokens()} hold its type and the rest
     * of its definition (NOT NULL, DEFAULT, REFERENCES…).
     *
     * @param column the column's name as written
     * @param type token index of the type's first token
     * @param end token index just past the definition
     * @param added a new column ({@code CREATE TABLE}, {@code ADD COLUMN}), not a type change
     */
    record Column(String column, int type, int end, boolean added) {
    }

    private ColumnDefinitions() {
    }

    static List<Column> of(SqlStatement s) {
        if (!s.isDdl()) {
            return List.of();
        }
        if (s.ddlKind() == DdlKind.CREATE_TABLE) {
            return createTable(s.tokens());
        }
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            return List.of();
        }
        List<Column> out = new ArrayList<>();
        SqlCursor c = alter.tokens();
        for (AlterTable.Action a : alter.actions()) {
            Column col = action(c, a.from(), a.to(), s.dialect());
            if (col != null) {
                out.add(col);
            }
        }
        return out;
    }

    private static List<Column> createTable(SqlCursor c) {
        int i = c.findWord(0, Math.min(c.size(), 6), "TABLE");
        if (i < 0) {
            return List.of();
        }
        i++;
        if (c.isWords(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        if (!c.isName(i)) {
            return List.of();
        }
        int open = c.nameEnd(i);
        int close = c.isPunct(open, '(') ? c.closingParen(open) : -1;
        if (close < 0) {
            return List.of();
        }
        List<Column> out = new ArrayList<>();
        int start = open + 1;
        int depth = 0;
        for (int k = open + 1; k <= close; k++) {
            if (k < close && c.isPunct(k, '(')) {
                depth++;
            } else if (k < close && c.isPunct(k, ')')) {
                depth--;
            } else if (k == close || (depth == 0 && c.isPunct(k, ','))) {
                if (k > start + 1 && c.isName(start) && !c.isAnyWord(start, NOT_COLUMNS)) {
                    out.add(new Column(c.text(start), start + 1, k, true));
                }
                start = k + 1;
            }
        }
        return out;
    }

    private static Column action(SqlCursor c, int from, int to, Dialect dialect) {
        int i = from + 1;
        if (c.isWord(from, "ADD")) {
            boolean column = c.isWord(i, "COLUMN");
            if (column) {
                i++;
            } else if (c.isAnyWord(i, NOT_COLUMNS)) {
                return null;
            }
            if (c.isWords(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            return c.isName(i) && i + 1 < to ? new Column(c.text(i), i + 1, to, true) : null;
        }
        if (dialect == Dialect.POSTGRESQL && c.isWord(from, "ALTER")) {
            if (c.isWord(i, "COLUMN")) {
                i++;
            }
            if (!c.isName(i)) {
                return null;
            }
            String name = c.text(i);
            i++;
            if (c.isWords(i, "SET", "DATA", "TYPE")) {
                i += 3;
            } else if (c.isWord(i, "TYPE")) {
                i++;
            } else {
                return null;
            }
            return i < to ? new Column(name, i, to, false) : null;
        }
        if (dialect == Dialect.MYSQL && (c.isWord(from, "MODIFY") || c.isWord(from, "CHANGE"))) {
            if (c.isWord(i, "COLUMN")) {
                i++;
            }
            if (c.isWord(from, "CHANGE")) {
                i++; // the old name; the new one follows
            }
            return c.isName(i) && i + 1 < to ? new Column(c.text(i), i + 1, to, false) : null;
        }
        return null;
    }
}
