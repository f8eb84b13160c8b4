package dev.safemigrate.plan;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The schema the migrations read so far have built, as far as {@code plan} needs it: which tables exist and
 * who created them. A table created in the <em>same unit</em> (one Flyway migration file, which Flyway runs
 * in one transaction; one Liquibase changeset) is new and empty: running code does not use it yet and its
 * locks are brief, so the driver leaves statements on it as written, as it does for a table created in the
 * same transaction. A table created by an <em>earlier</em> unit is an existing table of unknown size: in a
 * real history the earlier files have long been applied to production, and that table has grown there.
 *
 * <p>{@link #unitsAreDeployedTogether()} is for {@code --url}: there the database has every applied
 * migration, so a table a pending unit creates does not exist yet anywhere, and later pending units see it
 * new and empty too. Names are compared without their schema, the way they are usually written.
 */
final class PlannedSchema {
    /** table name → the unit that created it. */
    private final Map<String, String> createdBy = new HashMap<>();
    /** tables created in the current unit (or, when units are deployed together, in any unit planned). */
    private final Set<String> fresh = new HashSet<>();
    /** index name → its table. */
    private final Map<String, String> indexes = new HashMap<>();
    private final WrittenColumns columns = new WrittenColumns();
    private final boolean deployedTogether;
    private String unit = "";

    private PlannedSchema(boolean deployedTogether) {
        this.deployedTogether = deployedTogether;
    }

    /** Offline: only the same unit creates new tables; earlier units' tables exist and may be big. */
    static PlannedSchema unitByUnit() {
        return new PlannedSchema(false);
    }

    /** With a live catalog: the pending units are deployed together, after everything the database has. */
    static PlannedSchema unitsAreDeployedTogether() {
        return new PlannedSchema(true);
    }

    /** A new unit begins: tables of earlier units stop being new (offline). */
    void beginUnit(String name) {
        unit = name;
        if (!deployedTogether) {
            fresh.clear();
        }
    }

    void after(SqlStatement s) {
        if (!s.isDdl() || s.target() == null) {
            return;
        }
        columns.after(s, unit);
        String table = s.target().name();
        if (s.ddlKind() == DdlKind.CREATE_TABLE) {
            createdBy.put(table, unit);
            fresh.add(table);
        } else if (s.ddlKind() == DdlKind.DROP_TABLE) {
            createdBy.remove(table);
            fresh.remove(table);
        } else if (s.ddlKind() == DdlKind.CREATE_INDEX && s.index() != null) {
            indexes.put(s.index().name(), table);
        }
    }

    /** True when the table was created in the current unit: new and empty. */
    boolean createdTable(QualifiedName table) {
        return table != null && fresh.contains(table.name());
    }

    /** The unit that created this table before the current one, or {@code null}: it exists, of unknown size. */
    String createdEarlierBy(QualifiedName table) {
        if (table == null || fresh.contains(table.name())) {
            return null;
        }
        return createdBy.get(table.name());
    }

    /** A PostgreSQL column as the migrations read so far wrote it, or {@code null} when not known. */
    WrittenColumns.Column column(QualifiedName table, String column) {
        return table == null ? null : columns.column(table.name(), column);
    }

    /** The table of an index created earlier in the plan, or {@code null}. */
    String tableOfIndex(QualifiedName index) {
        return index == null ? null : indexes.get(index.name());
    }
}
