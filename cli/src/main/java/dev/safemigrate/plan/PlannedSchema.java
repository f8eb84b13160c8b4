package dev.safemigrate.plan;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the migrations planned so far have created: a table created by an earlier statement is new and
 * empty when a later one alters it, so the driver leaves the later one as written (as it does for a table
 * created in the same transaction). Names are compared without their schema, the way they are usually written.
 */
final class PlannedSchema {
    private final Set<String> tables = new HashSet<>();
    /** index name → its table. */
    private final Map<String, String> indexes = new HashMap<>();

    void after(SqlStatement s) {
        if (!s.isDdl()) {
            return;
        }
        if (s.ddlKind() == DdlKind.CREATE_TABLE && s.target() != null) {
            tables.add(s.target().name());
        } else if (s.ddlKind() == DdlKind.DROP_TABLE && s.target() != null) {
            tables.remove(s.target().name());
        } else if (s.ddlKind() == DdlKind.CREATE_INDEX && s.index() != null && s.target() != null) {
            indexes.put(s.index().name(), s.target().name());
        }
    }

    boolean createdTable(QualifiedName table) {
        return table != null && tables.contains(table.name());
    }

    /** The table of an index created earlier in the plan, or {@code null}. */
    String tableOfIndex(QualifiedName index) {
        return index == null ? null : indexes.get(index.name());
    }
}
