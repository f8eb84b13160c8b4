package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.shape.AlterTableAdd;

import java.nio.charset.StandardCharsets;

/**
 * Compares a constraint as a statement writes it with the server's definition of an existing one, for the
 * rules that must recognise a re-run; and PostgreSQL's limit on names.
 */
final class ConstraintDefinition {
    /** PostgreSQL's NAMEDATALEN - 1: longer names are truncated by the server. */
    static final int MAX_NAME_BYTES = 63;

    private ConstraintDefinition() {
    }

    /** True when the statement's body spells the server's definition of {@code existing} (NOT VALID ignored). */
    static boolean sameDefinition(AlterTableAdd add, ConstraintFacts existing) {
        return sameDefinition(add.tokens(), add.body(), add.end(), existing.definition());
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
