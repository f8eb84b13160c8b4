package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.function.Function;

/**
 * PostgreSQL {@code REINDEX [(options)] INDEX | TABLE [CONCURRENTLY] name}, to the end; {@code SCHEMA},
 * {@code DATABASE}, {@code SYSTEM} and anything else: {@code null}.
 */
public final class Reindex {
    private static final Function<SqlStatement, Reindex> PARSER = s -> parse(s.tokens());

    private final SqlCursor tokens;
    private final boolean index;
    private final int keyword;
    private final boolean concurrently;
    private final QualifiedName name;

    private Reindex(SqlCursor tokens, boolean index, int keyword, boolean concurrently, QualifiedName name) {
        this.tokens = tokens;
        this.index = index;
        this.keyword = keyword;
        this.concurrently = concurrently;
        this.name = name;
    }

    /** The statement's REINDEX shape, parsed once; {@code null} when it is not one. */
    public static Reindex of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.REINDEX ? statement.shape(PARSER) : null;
    }

    static Reindex parse(SqlCursor c) {
        if (!c.isWord(0, "REINDEX")) {
            return null;
        }
        int i = 1;
        if (c.isPunct(i, '(')) {
            i = c.closingParen(i) + 1;
            if (i == 0) {
                return null;
            }
        }
        boolean index = c.isWord(i, "INDEX");
        if (!index && !c.isWord(i, "TABLE")) {
            return null;
        }
        int keyword = i++;
        boolean concurrently = c.isWord(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        if (!c.isName(i) || c.nameEnd(i) != c.sizeWithoutSemicolon()) {
            return null;
        }
        return new Reindex(c, index, keyword, concurrently, c.name(i));
    }

    /** REINDEX INDEX (else REINDEX TABLE). */
    public boolean index() {
        return index;
    }

    public boolean concurrently() {
        return concurrently;
    }

    /** Offset in the statement's text just after INDEX/TABLE: where {@code CONCURRENTLY} goes. */
    public int afterKeyword() {
        return tokens.end(keyword);
    }

    /** The index or table. */
    public QualifiedName name() {
        return name;
    }
}
