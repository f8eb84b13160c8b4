package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** MySQL/MariaDB {@code RENAME TABLE|TABLES a TO b [, c TO d …]}, to the end; else {@code null}. */
public final class RenameTable {
    private static final Function<SqlStatement, RenameTable> PARSER = s -> parse(s.tokens());

    /** One rename: the table, and the new name as written. */
    public record Rename(QualifiedName from, String to) {
    }

    private final List<Rename> renames;

    private RenameTable(List<Rename> renames) {
        this.renames = renames;
    }

    /** The statement's RENAME TABLE shape, parsed once; {@code null} when it is not one. */
    public static RenameTable of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.RENAME_TABLE ? statement.shape(PARSER) : null;
    }

    static RenameTable parse(SqlCursor c) {
        if (!c.isWord(0, "RENAME") || !(c.isWord(1, "TABLE") || c.isWord(1, "TABLES"))) {
            return null;
        }
        int i = 2;
        int end = c.sizeWithoutSemicolon();
        List<Rename> renames = new ArrayList<>();
        while (i < end) {
            if (!c.isName(i)) {
                return null;
            }
            QualifiedName from = c.name(i);
            i = c.nameEnd(i);
            if (!c.isWord(i++, "TO") || !c.isName(i)) {
                return null;
            }
            int to = i;
            i = c.nameEnd(i);
            renames.add(new Rename(from, c.sql().substring(c.start(to), c.end(i - 1))));
            if (i < end && !c.isPunct(i++, ',')) {
                return null;
            }
        }
        return new RenameTable(List.copyOf(renames));
    }

    public List<Rename> renames() {
        return renames;
    }
}
