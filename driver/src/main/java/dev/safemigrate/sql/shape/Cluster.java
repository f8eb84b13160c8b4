package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.List;
import java.util.function.Function;

/**
 * PostgreSQL {@code CLUSTER [VERBOSE | (options)] [table [USING index]]}, and the pre-8.3 {@code CLUSTER index ON
 * table}: the table it rewrites, none for every table clustered before. Anything else: {@code null}.
 */
public final class Cluster {
    private static final Function<SqlStatement, Cluster> PARSER = s -> parse(s.tokens());

    private final QualifiedName table;

    private Cluster(QualifiedName table) {
        this.table = table;
    }

    /** The statement's CLUSTER shape, parsed once; {@code null} when it is not one. */
    public static Cluster of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.CLUSTER ? statement.shape(PARSER) : null;
    }

    static Cluster parse(SqlCursor c) {
        if (!c.isWord(0, "CLUSTER")) {
            return null;
        }
        int i = 1;
        while (c.isWord(i, "VERBOSE") || c.isPunct(i, '(')) {
            if (c.isPunct(i, '(')) {
                i = c.closingParen(i);
                if (i < 0) {
                    return null;
                }
            }
            i++;
        }
        int end = c.sizeWithoutSemicolon();
        if (i == end) {
            return new Cluster(null);
        }
        if (!c.isName(i)) {
            return null;
        }
        QualifiedName table = c.name(i);
        i = c.nameEnd(i);
        if (c.isWord(i, "USING") && c.isName(i + 1)) {
            i = c.nameEnd(i + 1);
        } else if (c.isWord(i, "ON") && c.isName(i + 1)) { // CLUSTER index ON table (before 8.3)
            table = c.name(i + 1);
            i = c.nameEnd(i + 1);
        }
        return i == end ? new Cluster(table) : null;
    }

    /** The tables it rewrites: one, or none for "every table clustered before". */
    public List<QualifiedName> tables() {
        return table == null ? List.of() : List.of(table);
    }
}
