package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.util.LinkedHashSet;
import java.util.Set;

/** The ALTER TABLE column actions expansions start from and end with, read from the statement's shape. */
final class ColumnActions {
    private ColumnActions() {
    }

    /** {@code ALTER TABLE t RENAME [COLUMN] a TO b}, the only action. */
    record Rename(QualifiedName table, String from, String to) {
    }

    /** {@code ALTER TABLE t DROP [COLUMN] [IF EXISTS] a [RESTRICT]}, the only action (never CASCADE). */
    record Drop(QualifiedName table, String column) {
    }

    static Rename rename(SqlStatement statement) {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.actions().size() != 1 || alter.star()) {
            return null;
        }
        SqlCursor c = alter.tokens();
        int f = alter.actions().get(0).from();
        int t = alter.actions().get(0).to();
        if (!c.isWord(f, "RENAME") || c.isWord(f + 1, "CONSTRAINT") || c.isWord(f + 1, "TO")) {
            return null;
        }
        int j = c.isWord(f + 1, "COLUMN") ? f + 2 : f + 1;
        if (!(c.isName(j) && c.isWord(j + 1, "TO") && c.isName(j + 2) && j + 3 == t)) {
            return null;
        }
        return new Rename(alter.table(), c.folded(j), c.folded(j + 2));
    }

    static Drop drop(SqlStatement statement) {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.actions().size() != 1 || alter.star()) {
            return null;
        }
        SqlCursor c = alter.tokens();
        int f = alter.actions().get(0).from();
        int t = alter.actions().get(0).to();
        if (!c.isWord(f, "DROP") || c.isWord(f + 1, "CONSTRAINT")) {
            return null;
        }
        int j = c.isWord(f + 1, "COLUMN") ? f + 2 : f + 1;
        if (c.isWords(j, "IF", "EXISTS")) {
            j += 2;
        }
        if (!c.isName(j) || !(j + 1 == t || (j + 2 == t && c.isWord(j + 1, "RESTRICT")))) {
            return null;
        }
        return new Drop(alter.table(), c.folded(j));
    }

    /**
     * The columns the statement's actions drop, rename or alter ({@code DROP [COLUMN] [IF EXISTS] x},
     * {@code RENAME [COLUMN] x}, {@code ALTER [COLUMN] x}), folded; empty when it is not an ALTER TABLE.
     */
    static Set<String> touched(SqlStatement statement) {
        Set<String> out = new LinkedHashSet<>();
        AlterTable alter = AlterTable.of(statement);
        if (alter == null) {
            return out;
        }
        SqlCursor c = alter.tokens();
        for (AlterTable.Action a : alter.actions()) {
            int f = a.from();
            if (!(c.isWord(f, "DROP") || c.isWord(f, "RENAME") || c.isWord(f, "ALTER"))
                    || c.isWord(f + 1, "CONSTRAINT") || c.isWord(f + 1, "TO")) {
                continue;
            }
            int j = c.isWord(f + 1, "COLUMN") ? f + 2 : f + 1;
            if (c.isWord(f, "DROP") && c.isWords(j, "IF", "EXISTS")) {
                j += 2;
            }
            if (j < a.to() && c.isName(j)) {
                out.add(c.folded(j));
            }
        }
        return out;
    }
}
