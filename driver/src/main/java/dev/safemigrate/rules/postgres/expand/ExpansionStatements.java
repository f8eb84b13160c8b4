package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.util.List;

/**
 * The statements that end an expansion, by kind: what a migration writes (and {@code safemigrate contract} /
 * {@code rollback} send) and what {@link ExpansionEndRule} recognises. One place, so that both agree.
 */
public final class ExpansionStatements {
    private ExpansionStatements() {
    }

    /** The contract: drop the old shape. */
    public static String contract(ExpansionFacts e) {
        if (RenameTableExpansionRule.KIND.equals(e.kind())) {
            return "DROP VIEW " + Identifiers.quote(Dialect.POSTGRESQL, e.schema(), e.oldName());
        }
        String table = Identifiers.quote(Dialect.POSTGRESQL, e.schema(), e.table());
        if (DropColumnExpansionRule.KIND.equals(e.kind())) {
            return dropContract(table, e.oldName());
        }
        // rename-column: the old column; alter-column-type: the old column under its kept name
        String column = AlterColumnTypeExpansionRule.KIND.equals(e.kind()) ? e.newName() : e.oldName();
        return "ALTER TABLE " + table + " DROP COLUMN " + quote(column);
    }

    /** The rollback: drop the new shape, the old one intact. */
    public static String rollback(ExpansionFacts e) {
        if (RenameTableExpansionRule.KIND.equals(e.kind())) {
            return "ALTER TABLE " + Identifiers.quote(Dialect.POSTGRESQL, e.schema(), e.newName()) + " RENAME TO "
                    + quote(e.oldName());
        }
        String table = Identifiers.quote(Dialect.POSTGRESQL, e.schema(), e.table());
        if (DropColumnExpansionRule.KIND.equals(e.kind())) {
            return "/* safemigrate:rollback */ ALTER TABLE " + table + " DROP COLUMN " + quote(e.oldName());
        }
        if (AlterColumnTypeExpansionRule.KIND.equals(e.kind())) {
            return "ALTER TABLE " + table + " DROP COLUMN " + quote(AlterColumnTypeExpansionRule.shadowColumn(e.oldName()));
        }
        return "ALTER TABLE " + table + " RENAME COLUMN " + quote(e.newName()) + " TO " + quote(e.oldName());
    }

    /**
     * A drop-column expansion's contract: the drop itself, marked, since the unmarked statement is the
     * expansion's own (a re-run of the migration must not drop the column).
     */
    static String dropContract(String quotedTable, String column) {
        return "/* safemigrate:contract */ ALTER TABLE " + quotedTable + " DROP COLUMN " + quote(column);
    }

    /** The columns an expansion's triggers or swap name: no other statement may drop, rename or alter them. */
    static List<String> columns(ExpansionFacts e) {
        if (RenameTableExpansionRule.KIND.equals(e.kind())) {
            return List.of(); // table-level: its view and name are guarded by ExpansionEndRule itself
        }
        if (DropColumnExpansionRule.KIND.equals(e.kind())) {
            return List.of(e.oldName()); // newName is the archive table
        }
        if (AlterColumnTypeExpansionRule.KIND.equals(e.kind())) {
            return List.of(e.oldName(), e.newName(), AlterColumnTypeExpansionRule.shadowColumn(e.oldName()));
        }
        return List.of(e.oldName(), e.newName());
    }

    private static String quote(String identifier) {
        return Identifiers.quote(Dialect.POSTGRESQL, identifier);
    }
}
