package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;

import java.nio.charset.StandardCharsets;

/**
 * The shape every constraint rule starts from: {@code ALTER TABLE [IF EXISTS] t ADD [CONSTRAINT c] <body>}
 * with exactly one action. {@code ONLY}, {@code t *}, several comma-separated actions and a
 * schema-qualified constraint name are not recognised (left as written).
 */
final class AlterTableAdd {
    /** PostgreSQL's NAMEDATALEN - 1: longer names are truncated by the server. */
    static final int MAX_NAME_BYTES = 63;

    final SqlCursor cursor;
    final QualifiedName table;
    /** The constraint name, folded and unquoted, or {@code null} when the statement names none. */
    final String constraint;
    /** Token index of the first token of the constraint body (FOREIGN, CHECK, UNIQUE, PRIMARY…). */
    final int body;
    /** Token index just past the body (a trailing {@code ;} excluded). */
    final int end;

    private AlterTableAdd(SqlCursor cursor, QualifiedName table, String constraint, int body, int end) {
        this.cursor = cursor;
        this.table = table;
        this.constraint = constraint;
        this.body = body;
        this.end = end;
    }

    static AlterTableAdd parse(String sql) {
        SqlCursor c = SqlCursor.over(sql, Dialect.POSTGRESQL);
        if (!c.isWords(0, "ALTER", "TABLE")) {
            return null;
        }
        int i = 2;
        if (c.isWords(i, "IF", "EXISTS")) {
            i += 2;
        }
        if (c.isWord(i, "ONLY") || !c.isName(i)) {
            return null;
        }
        QualifiedName table = c.name(i);
        i = c.nameEnd(i);
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
        int end = c.sizeWithoutSemicolon();
        if (i >= end || c.hasTopLevelComma(i, end)) {
            return null;
        }
        return new AlterTableAdd(c, table, constraint, i, end);
    }

    /** The statement with {@code text} inserted after its last token (before a {@code ;} or trailing comment). */
    String append(String text) {
        int at = cursor.end(end - 1);
        return cursor.sql().substring(0, at) + text + cursor.sql().substring(at);
    }

    /** True when the statement's body spells the server's definition of {@code existing} (NOT VALID ignored). */
    boolean sameDefinition(ConstraintFacts existing) {
        return sameDefinition(cursor, body, end, existing.definition());
    }

    /**
     * True when tokens {@code [from, to)} of {@code ours} spell {@code server} ({@code pg_get_constraintdef}),
     * a trailing {@code NOT VALID} ignored. PostgreSQL prints a CHECK expression inside parentheses of its
     * own ({@code CHECK ((v > 0))} for {@code CHECK (v > 0)}); anything it prints differently from the way it
     * was written (extra parentheses in a longer expression, casts, an omitted referenced column list, ON
     * UPDATE/ON DELETE in another order) counts as a different definition: the safe side, since the rules
     * then send the statement and PostgreSQL reports a clash instead of the driver assuming a match.
     */
    static boolean sameDefinition(SqlCursor ours, int from, int to, String server) {
        if (server == null) {
            return false;
        }
        SqlCursor s = SqlCursor.over(server, Dialect.POSTGRESQL);
        int sEnd = s.sizeWithoutSemicolon();
        if (sEnd >= 2 && s.isWords(sEnd - 2, "NOT", "VALID")) {
            sEnd -= 2;
        }
        if (ours.sameTokens(from, to, s, 0, sEnd)) {
            return true;
        }
        return ours.isWord(from, "CHECK") && ours.isPunct(from + 1, '(') && ours.closingParen(from + 1) == to - 1
                && s.isWord(0, "CHECK") && s.isPunct(1, '(') && s.isPunct(2, '(')
                && s.closingParen(1) == sEnd - 1 && s.closingParen(2) == sEnd - 2
                && ours.sameTokens(from + 2, to - 1, s, 3, sEnd - 2);
    }

    static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }
}
