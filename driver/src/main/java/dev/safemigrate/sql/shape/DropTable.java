package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.List;
import java.util.function.Function;

/** {@code DROP [TEMPORARY] TABLE [IF EXISTS] name [, name …] [CASCADE | RESTRICT]}, to the end; else {@code null}. */
public final class DropTable {
    private static final Function<SqlStatement, DropTable> PARSER = s -> parse(s.tokens());

    private final boolean temporary;
    private final List<QualifiedName> names;
    private final boolean cascade;

    private DropTable(boolean temporary, List<QualifiedName> names, boolean cascade) {
        this.temporary = temporary;
        this.names = names;
        this.cascade = cascade;
    }

    /** The statement's DROP TABLE shape, parsed once; {@code null} when it is not one. */
    public static DropTable of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.DROP_TABLE ? statement.shape(PARSER) : null;
    }

    static DropTable parse(SqlCursor c) {
        if (!c.isWord(0, "DROP")) {
            return null;
        }
        int i = 1;
        boolean temporary = c.isWord(i, "TEMPORARY"); // MySQL: a table only this session sees
        if (temporary) {
            i++;
        }
        if (!c.isWord(i++, "TABLE")) {
            return null;
        }
        if (c.isWords(i, "IF", "EXISTS")) {
            i += 2;
        }
        NameList list = NameList.read(c, i, "CASCADE", "RESTRICT");
        if (list == null) {
            return null;
        }
        i = list.next();
        boolean cascade = c.isWord(i, "CASCADE");
        if (cascade || c.isWord(i, "RESTRICT")) {
            i++;
        }
        return i == c.sizeWithoutSemicolon() ? new DropTable(temporary, list.names(), cascade) : null;
    }

    /** {@code DROP TEMPORARY TABLE} (MySQL/MariaDB). */
    public boolean temporary() {
        return temporary;
    }

    public List<QualifiedName> names() {
        return names;
    }

    /** {@code CASCADE}: the objects that depend on the tables go too. */
    public boolean cascade() {
        return cascade;
    }
}
