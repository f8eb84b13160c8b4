package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.Locale;
import java.util.function.Function;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table …} (PostgreSQL; also the
 * definitions {@code pg_get_indexdef} prints) and {@code CREATE [UNIQUE | FULLTEXT | SPATIAL] INDEX [IF NOT
 * EXISTS] name [USING BTREE | HASH] ON table …} (MySQL/MariaDB, where {@code CONCURRENTLY} is not a keyword).
 * What follows the table name is left to the caller ({@link #afterTable()}). Anything else: {@code null}.
 */
public final class CreateIndex {
    private static final Function<SqlStatement, CreateIndex> PARSER = s -> parse(s.tokens());

    private final SqlCursor tokens;
    private final String modifier;
    private final int indexKeyword;
    private final boolean concurrently;
    private final QualifiedName name;
    private final boolean only;
    private final QualifiedName table;
    private final int afterTable;

    private CreateIndex(SqlCursor tokens, String modifier, int indexKeyword, boolean concurrently, QualifiedName name,
                        boolean only, QualifiedName table, int afterTable) {
        this.tokens = tokens;
        this.modifier = modifier;
        this.indexKeyword = indexKeyword;
        this.concurrently = concurrently;
        this.name = name;
        this.only = only;
        this.table = table;
        this.afterTable = afterTable;
    }

    /** The statement's CREATE INDEX shape, parsed once; {@code null} when it is not one. */
    public static CreateIndex of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.CREATE_INDEX ? statement.shape(PARSER) : null;
    }

    /** Parses any text's tokens, e.g. a definition the server printed. */
    public static CreateIndex parse(SqlCursor c) {
        boolean pg = c.dialect() == Dialect.POSTGRESQL;
        if (!c.isWord(0, "CREATE")) {
            return null;
        }
        int i = 1;
        String modifier = null;
        if (c.isWord(i, "UNIQUE") || (!pg && (c.isWord(i, "FULLTEXT") || c.isWord(i, "SPATIAL")))) {
            modifier = c.text(i++).toUpperCase(Locale.ROOT);
        }
        if (!c.isWord(i, "INDEX")) {
            return null;
        }
        int indexKeyword = i++;
        boolean concurrently = pg && c.isWord(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        if (c.isWords(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        QualifiedName name = null;
        if (c.isName(i) && !c.isWord(i, "ON") && (pg || !c.isWord(i, "USING"))) {
            name = c.name(i);
            i = c.nameEnd(i);
        }
        if (!pg && c.isWord(i, "USING") && (c.isWord(i + 1, "BTREE") || c.isWord(i + 1, "HASH"))) {
            i += 2;
        }
        if (!c.isWord(i++, "ON")) {
            return null;
        }
        boolean only = pg && c.isWord(i, "ONLY");
        if (only) {
            i++;
        }
        if (!c.isName(i)) {
            return null;
        }
        return new CreateIndex(c, modifier, indexKeyword, concurrently, name, only, c.name(i), c.nameEnd(i));
    }

    public SqlCursor tokens() {
        return tokens;
    }

    /** {@code UNIQUE}, {@code FULLTEXT}, {@code SPATIAL} (upper case), or {@code null}. */
    public String modifier() {
        return modifier;
    }

    public boolean unique() {
        return "UNIQUE".equals(modifier);
    }

    /** Offset in the statement's text just after the INDEX keyword: where {@code CONCURRENTLY} goes. */
    public int afterIndexKeyword() {
        return tokens.end(indexKeyword);
    }

    /** PostgreSQL {@code CREATE INDEX CONCURRENTLY}. */
    public boolean concurrently() {
        return concurrently;
    }

    /** The index name; {@code null} for an unnamed PostgreSQL index. */
    public QualifiedName name() {
        return name;
    }

    /** PostgreSQL {@code ON ONLY}: a partitioned table's parent index only. */
    public boolean only() {
        return only;
    }

    public QualifiedName table() {
        return table;
    }

    /** Token index just past the table name: the method, columns and options follow. */
    public int afterTable() {
        return afterTable;
    }
}
