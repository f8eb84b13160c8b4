package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code TRUNCATE [TABLE] [ONLY] name [*] [, …] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]}, to the
 * end; else {@code null}.
 */
public final class Truncate {
    private static final Function<SqlStatement, Truncate> PARSER = s -> parse(s.tokens());

    private final List<QualifiedName> tables;
    private final boolean cascade;

    private Truncate(List<QualifiedName> tables, boolean cascade) {
        this.tables = tables;
        this.cascade = cascade;
    }

    /** The statement's TRUNCATE shape, parsed once; {@code null} when it is not one. */
    public static Truncate of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.TRUNCATE ? statement.shape(PARSER) : null;
    }

    static Truncate parse(SqlCursor c) {
        if (!c.isWord(0, "TRUNCATE")) {
            return null;
        }
        int i = 1;
        if (c.isWord(i, "TABLE")) {
            i++;
        }
        List<QualifiedName> tables = new ArrayList<>();
        while (true) {
            if (c.isWord(i, "ONLY")) {
                i++;
            }
            if (!c.isName(i) || c.isWord(i, "RESTART") || c.isWord(i, "CONTINUE") || c.isWord(i, "CASCADE")
                    || c.isWord(i, "RESTRICT")) {
                return null;
            }
            tables.add(c.name(i));
            i = c.nameEnd(i);
            if (c.isPunct(i, '*')) {
                i++;
            }
            if (!c.isPunct(i, ',')) {
                break;
            }
            i++;
        }
        if (c.isWords(i, "RESTART", "IDENTITY") || c.isWords(i, "CONTINUE", "IDENTITY")) {
            i += 2;
        }
        boolean cascade = c.isWord(i, "CASCADE");
        if (cascade || c.isWord(i, "RESTRICT")) {
            i++;
        }
        return i == c.sizeWithoutSemicolon() ? new Truncate(List.copyOf(tables), cascade) : null;
    }

    public List<QualifiedName> tables() {
        return tables;
    }

    /** {@code CASCADE}: every table that references these is emptied too. */
    public boolean cascade() {
        return cascade;
    }
}
