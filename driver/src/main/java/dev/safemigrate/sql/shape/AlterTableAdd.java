package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.function.Function;

/**
 * {@code ALTER TABLE [IF EXISTS] t ADD [CONSTRAINT c] <body>} with exactly one action: the shape the PostgreSQL
 * constraint rules start from. {@code ONLY}, {@code t *}, MySQL's modifiers, several actions (a top-level comma)
 * and a schema-qualified constraint name are not this shape ({@code null}). The body is not read: the rules
 * decide which bodies (CHECK, FOREIGN KEY, UNIQUE …) they understand.
 */
public final class AlterTableAdd {
    private static final Function<SqlStatement, AlterTableAdd> PARSER = s -> from(AlterTable.of(s));

    private final SqlCursor tokens;
    private final QualifiedName table;
    private final String constraint;
    private final int body;
    private final int end;

    private AlterTableAdd(SqlCursor tokens, QualifiedName table, String constraint, int body, int end) {
        this.tokens = tokens;
        this.table = table;
        this.constraint = constraint;
        this.body = body;
        this.end = end;
    }

    /** The statement's single ADD action, read once from its {@link AlterTable} shape; {@code null} when not one. */
    public static AlterTableAdd of(SqlStatement statement) {
        return AlterTable.of(statement) == null ? null : statement.shape(PARSER);
    }

    /** Parses any text's tokens (tests, statements the driver wrote). */
    public static AlterTableAdd parse(SqlCursor c) {
        return from(AlterTable.parse(c));
    }

    private static AlterTableAdd from(AlterTable alter) {
        if (alter == null || !alter.plain() || alter.actions().size() != 1) {
            return null;
        }
        SqlCursor c = alter.tokens();
        AlterTable.Action action = alter.actions().get(0);
        int i = action.from();
        if (!c.isWord(i++, "ADD")) {
            return null;
        }
        String constraint = null;
        if (c.isWord(i, "CONSTRAINT")) {
            i++;
            if (!c.isName(i) || c.nameEnd(i) != i + 1) {
                return null;
            }
            constraint = c.name(i).name();
            i++;
        }
        int end = action.to();
        if (i >= end || c.hasTopLevelComma(i, end)) {
            return null;
        }
        return new AlterTableAdd(c, alter.table(), constraint, i, end);
    }

    /** The statement's tokens; {@link #body()} and {@link #end()} index them. */
    public SqlCursor tokens() {
        return tokens;
    }

    public QualifiedName table() {
        return table;
    }

    /** The constraint name, folded and unquoted, or {@code null} when the statement names none. */
    public String constraint() {
        return constraint;
    }

    /** Token index of the first token of the body (FOREIGN, CHECK, UNIQUE, PRIMARY…). */
    public int body() {
        return body;
    }

    /** Token index just past the body (a trailing {@code ;} excluded). */
    public int end() {
        return end;
    }

    /** The statement with {@code text} inserted after its last token (before a {@code ;} or trailing comment). */
    public String append(String text) {
        int at = tokens.end(end - 1);
        return tokens.sql().substring(0, at) + text + tokens.sql().substring(at);
    }
}
