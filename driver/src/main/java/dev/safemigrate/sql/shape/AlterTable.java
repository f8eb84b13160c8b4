package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code ALTER [ONLINE | OFFLINE | IGNORE …] TABLE [IF EXISTS] [ONLY] name [*] action [, action …]} cut into its
 * actions at the commas outside parentheses and brackets. The modifiers before {@code TABLE} are MySQL/MariaDB's;
 * {@code ONLY} and {@code *} are PostgreSQL's; neither is read in the other dialect. Not an ALTER TABLE of that
 * shape (no action, unbalanced parentheses, an empty action, PostgreSQL's {@code ALTER TABLE ALL IN TABLESPACE}):
 * {@code null}.
 */
public final class AlterTable {
    private static final Function<SqlStatement, AlterTable> PARSER = s -> parse(s.tokens());

    /** One action: tokens {@code [from, to)} of {@link #tokens()}. */
    public record Action(int from, int to) {
    }

    private final SqlCursor tokens;
    private final List<String> modifiers;
    private final boolean ifExists;
    private final boolean only;
    private final boolean star;
    private final QualifiedName table;
    private final int actionsFrom;
    private final List<Action> actions;

    private AlterTable(SqlCursor tokens, List<String> modifiers, boolean ifExists, boolean only, boolean star,
                       QualifiedName table, int actionsFrom, List<Action> actions) {
        this.tokens = tokens;
        this.modifiers = modifiers;
        this.ifExists = ifExists;
        this.only = only;
        this.star = star;
        this.table = table;
        this.actionsFrom = actionsFrom;
        this.actions = actions;
    }

    /** The statement's ALTER TABLE shape, parsed once; {@code null} when it is not one. */
    public static AlterTable of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.ALTER_TABLE ? statement.shape(PARSER) : null;
    }

    /** Parses any text's tokens (tests, statements the driver wrote). */
    public static AlterTable parse(SqlCursor c) {
        boolean pg = c.dialect() == Dialect.POSTGRESQL;
        if (!c.isWord(0, "ALTER")) {
            return null;
        }
        int i = 1;
        List<String> modifiers = new ArrayList<>();
        while (!pg && (c.isWord(i, "ONLINE") || c.isWord(i, "OFFLINE") || c.isWord(i, "IGNORE"))) {
            modifiers.add(c.text(i).toUpperCase(Locale.ROOT));
            i++;
        }
        if (!c.isWord(i++, "TABLE")) {
            return null;
        }
        boolean ifExists = c.isWords(i, "IF", "EXISTS");
        if (ifExists) {
            i += 2;
        }
        boolean only = pg && c.isWord(i, "ONLY");
        if (only) {
            i++;
        }
        if (!c.isName(i) || (pg && c.isWords(i, "ALL", "IN"))) {
            return null;
        }
        QualifiedName table = c.name(i);
        i = c.nameEnd(i);
        boolean star = pg && c.isPunct(i, '*');
        if (star) {
            i++;
        }
        List<Action> actions = split(c, i);
        return actions == null ? null
                : new AlterTable(c, List.copyOf(modifiers), ifExists, only, star, table, i, List.copyOf(actions));
    }

    /** The items of {@code [from, end)} at top-level commas; null when unbalanced, empty, or an item is empty. */
    private static List<Action> split(SqlCursor c, int from) {
        int end = c.sizeWithoutSemicolon();
        List<Action> actions = new ArrayList<>();
        int start = from;
        int depth = 0;
        for (int k = from; k < end; k++) {
            if (c.isPunct(k, '(') || c.isPunct(k, '[')) {
                depth++;
            } else if (c.isPunct(k, ')') || c.isPunct(k, ']')) {
                if (--depth < 0) {
                    return null;
                }
            } else if (depth == 0 && c.isPunct(k, ',')) {
                if (k == start) {
                    return null;
                }
                actions.add(new Action(start, k));
                start = k + 1;
            }
        }
        if (depth != 0 || start >= end) {
            return null;
        }
        actions.add(new Action(start, end));
        return actions;
    }

    /** The statement's tokens; the actions' ranges index them. */
    public SqlCursor tokens() {
        return tokens;
    }

    /** MySQL/MariaDB words between ALTER and TABLE ({@code ONLINE}, {@code IGNORE}, …), upper case; usually empty. */
    public List<String> modifiers() {
        return modifiers;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** PostgreSQL {@code ALTER TABLE ONLY t}: not the inheritance children. */
    public boolean only() {
        return only;
    }

    /** PostgreSQL {@code ALTER TABLE t *}: the children too (the default, written out). */
    public boolean star() {
        return star;
    }

    public QualifiedName table() {
        return table;
    }

    /** Token index of the first action. */
    public int actionsFrom() {
        return actionsFrom;
    }

    public List<Action> actions() {
        return actions;
    }

    /** True when it is written {@code ALTER TABLE [IF EXISTS] name action…}: no modifier, ONLY or {@code *}. */
    public boolean plain() {
        return modifiers.isEmpty() && !only && !star;
    }
}
