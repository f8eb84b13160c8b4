package dev.safemigrate.plan.lint;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.DmlKind;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Columns named twice where PostgreSQL rejects it (42701): the columns of a CREATE TABLE, the column list of an
 * INSERT, the targets of an UPDATE's SET. Names compare folded ({@code a} and {@code "a"} are one column). An
 * assignment to a field or element ({@code SET a.x = …, a[1] = …}) is not read.
 */
final class DuplicateColumns {
    private DuplicateColumns() {
    }

    /** The duplicated names, folded, in order; empty when none (or the shape is not read). */
    static Set<String> of(SqlStatement s) {
        Names names = new Names();
        if (s.isDdl() && s.ddlKind() == DdlKind.CREATE_TABLE) {
            List<ColumnDefinitions.Column> columns = ColumnDefinitions.of(s);
            for (ColumnDefinitions.Column col : columns) {
                names.add(s.tokens().folded(col.type() - 1));
            }
        } else if (s.dmlKind() == DmlKind.INSERT_VALUES || s.dmlKind() == DmlKind.INSERT_SELECT) {
            insert(s.tokens(), names);
        } else if (s.dmlKind() == DmlKind.UPDATE) {
            update(s.tokens(), names);
        }
        return names.twice;
    }

    private static void insert(SqlCursor c, Names names) {
        if (!c.isWords(0, "INSERT", "INTO") || !c.isName(2)) {
            return;
        }
        int open = c.nameEnd(2);
        if (c.isWord(open, "AS") && c.isName(open + 1)) {
            open += 2;
        }
        int close = c.isPunct(open, '(') ? c.closingParen(open) : -1;
        if (close < 0 || c.isWord(open + 1, "SELECT") || c.isWord(open + 1, "WITH") || c.isWord(open + 1, "VALUES")) {
            return;
        }
        for (int k = open + 1; k < close; k += 2) {
            if (!c.isName(k) || !(c.isPunct(k + 1, ',') || k + 1 == close)) {
                return; // not a plain column list (a field, a subscript): not read
            }
        }
        for (int k = open + 1; k < close; k += 2) {
            names.add(c.folded(k));
        }
    }

    private static void update(SqlCursor c, Names names) {
        int set = c.findTopLevelWord(1, "SET");
        if (!c.isWord(0, "UPDATE") || set < 0) {
            return;
        }
        int end = c.sizeWithoutSemicolon();
        for (String stop : List.of("FROM", "WHERE", "RETURNING")) {
            int at = c.findTopLevelWord(set + 1, stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        boolean target = true;
        int depth = 0;
        for (int k = set + 1; k < end; k++) {
            if (target) {
                if (c.isPunct(k, '(')) {
                    int close = c.closingParen(k);
                    if (close < 0) {
                        return;
                    }
                    for (int j = k + 1; j < close; j++) {
                        if (c.isName(j)) {
                            names.add(c.folded(j));
                        }
                    }
                    k = close;
                } else if (c.isName(k) && c.isPunct(k + 1, '=')) {
                    names.add(c.folded(k));
                }
                target = false;
            } else if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && c.isPunct(k, ',')) {
                target = true;
            }
        }
    }

    private static final class Names {
        final Set<String> seen = new HashSet<>();
        final Set<String> twice = new LinkedHashSet<>();

        void add(String name) {
            if (!seen.add(name)) {
                twice.add(name);
            }
        }
    }
}
