package dev.safemigrate.rules.postgres;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action …]} cut into its actions (split at
 * top-level commas). Each action is a token range {@code [from, to)} of {@link #cursor}.
 */
final class AlterTableActions {
    final SqlCursor cursor;
    final QualifiedName table;
    final List<int[]> actions;

    private AlterTableActions(SqlCursor cursor, QualifiedName table, List<int[]> actions) {
        this.cursor = cursor;
        this.table = table;
        this.actions = actions;
    }

    /** The actions, or {@code null} when the statement is not an ALTER TABLE of that shape. */
    static AlterTableActions parse(SqlStatement statement) {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return null;
        }
        SqlCursor c = SqlCursor.over(statement.text(), Dialect.POSTGRESQL);
        int i = 0;
        if (!c.isWords(i, "ALTER", "TABLE")) {
            return null;
        }
        i += 2;
        if (c.isWords(i, "IF", "EXISTS")) {
            i += 2;
        }
        if (c.isWord(i, "ONLY")) {
            i++;
        }
        if (!c.isName(i) || c.isWords(i, "ALL", "IN")) {
            return null;
        }
        QualifiedName table = c.name(i);
        i = c.nameEnd(i);
        if (c.isPunct(i, '*')) {
            i++;
        }
        int end = c.sizeWithoutSemicolon();
        List<int[]> actions = new ArrayList<>();
        int from = i;
        int depth = 0;
        for (int k = i; k < end; k++) {
            if (c.isPunct(k, '(') || c.isPunct(k, '[')) {
                depth++;
            } else if (c.isPunct(k, ')') || c.isPunct(k, ']')) {
                depth--;
                if (depth < 0) {
                    return null;
                }
            } else if (depth == 0 && c.isPunct(k, ',')) {
                if (k == from) {
                    return null;
                }
                actions.add(new int[] {from, k});
                from = k + 1;
            }
        }
        if (depth != 0 || from >= end) {
            return null;
        }
        actions.add(new int[] {from, end});
        return new AlterTableActions(c, table, actions);
    }
}
