package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.List;
import java.util.function.Function;

/**
 * {@code DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, name …] [ON table] [CASCADE | RESTRICT]}, to the end of the
 * statement ({@code CONCURRENTLY} is PostgreSQL's; {@code ON table} MySQL/MariaDB's). Anything else, e.g. MySQL's
 * {@code ALGORITHM=…} after the table: {@code null}.
 */
public final class DropIndex {
    private static final Function<SqlStatement, DropIndex> PARSER = s -> parse(s.tokens());

    private final boolean concurrently;
    private final boolean ifExists;
    private final List<QualifiedName> names;
    private final QualifiedName table;
    private final boolean cascade;
    private final boolean restrict;

    private DropIndex(boolean concurrently, boolean ifExists, List<QualifiedName> names, QualifiedName table,
                      boolean cascade, boolean restrict) {
        this.concurrently = concurrently;
        this.ifExists = ifExists;
        this.names = names;
        this.table = table;
        this.cascade = cascade;
        this.restrict = restrict;
    }

    /** The statement's DROP INDEX shape, parsed once; {@code null} when it is not one. */
    public static DropIndex of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.DROP_INDEX ? statement.shape(PARSER) : null;
    }

    static DropIndex parse(SqlCursor c) {
        if (!c.isWords(0, "DROP", "INDEX")) {
            return null;
        }
        int i = 2;
        boolean concurrently = c.dialect() == Dialect.POSTGRESQL && c.isWord(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        boolean ifExists = c.isWords(i, "IF", "EXISTS");
        if (ifExists) {
            i += 2;
        }
        NameList list = NameList.read(c, i, "ON", "CASCADE", "RESTRICT");
        if (list == null) {
            return null;
        }
        i = list.next();
        QualifiedName table = null;
        if (c.isWord(i, "ON")) {
            if (!c.isName(i + 1)) {
                return null;
            }
            table = c.name(i + 1);
            i = c.nameEnd(i + 1);
        }
        boolean cascade = c.isWord(i, "CASCADE");
        boolean restrict = c.isWord(i, "RESTRICT");
        if (cascade || restrict) {
            i++;
        }
        return i == c.sizeWithoutSemicolon()
                ? new DropIndex(concurrently, ifExists, list.names(), table, cascade, restrict) : null;
    }

    public boolean concurrently() {
        return concurrently;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** The indexes, in order. */
    public List<QualifiedName> names() {
        return names;
    }

    /** MySQL/MariaDB {@code ON table}; {@code null} when not written. */
    public QualifiedName table() {
        return table;
    }

    public boolean cascade() {
        return cascade;
    }

    public boolean restrict() {
        return restrict;
    }
}
