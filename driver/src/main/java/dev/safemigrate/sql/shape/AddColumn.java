package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.function.Function;

/**
 * {@code ALTER TABLE [IF EXISTS] t ADD [COLUMN] [IF NOT EXISTS] c <definition>} with exactly one action.
 * {@code ONLY}, {@code t *}, MySQL's modifiers and several actions (a top-level comma) are not this shape
 * ({@code null}). The definition (type, DEFAULT, constraints) is the token range {@code [column() + 1, end())};
 * {@link #defaultAt()} finds its top-level DEFAULT. Table constraints ({@code ADD CONSTRAINT …}) are not told
 * apart here: their first word reads as the column name, which the caller checks against the catalog or its
 * own list of words.
 */
public final class AddColumn {
    private static final Function<SqlStatement, AddColumn> PARSER = s -> from(AlterTable.of(s));

    private final SqlCursor tokens;
    private final QualifiedName table;
    private final int column;
    private final int end;

    private AddColumn(SqlCursor tokens, QualifiedName table, int column, int end) {
        this.tokens = tokens;
        this.table = table;
        this.column = column;
        this.end = end;
    }

    /** The statement's single ADD [COLUMN] action, read once from its {@link AlterTable} shape; else {@code null}. */
    public static AddColumn of(SqlStatement statement) {
        return AlterTable.of(statement) == null ? null : statement.shape(PARSER);
    }

    /** Parses any text's tokens (tests, statements the driver wrote). */
    public static AddColumn parse(SqlCursor c) {
        return from(AlterTable.parse(c));
    }

    private static AddColumn from(AlterTable alter) {
        if (alter == null || !alter.plain() || alter.actions().size() != 1) {
            return null;
        }
        SqlCursor c = alter.tokens();
        AlterTable.Action action = alter.actions().get(0);
        int i = action.from();
        if (!c.isWord(i++, "ADD")) {
            return null;
        }
        if (c.isWord(i, "COLUMN")) {
            i++;
        }
        if (c.isWords(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        if (!c.isName(i) || c.hasTopLevelComma(i, action.to())) {
            return null;
        }
        return new AddColumn(c, alter.table(), i, action.to());
    }

    /** The statement's tokens; {@link #column()}, {@link #defaultAt()} and {@link #end()} index them. */
    public SqlCursor tokens() {
        return tokens;
    }

    public QualifiedName table() {
        return table;
    }

    /** Token index of the column name. */
    public int column() {
        return column;
    }

    /** The column name as written. */
    public QualifiedName columnName() {
        return tokens.name(column);
    }

    /** Token index just past the definition (a trailing {@code ;} excluded). */
    public int end() {
        return end;
    }

    /** Token index of the definition's top-level (outside parentheses) DEFAULT, or -1. */
    public int defaultAt() {
        return tokens.findTopLevelWord(column + 1, end, "DEFAULT");
    }
}
