package dev.safemigrate.cli.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.rules.postgres.expand.ExpansionRecordSql;

import java.sql.SQLException;
import java.util.List;

/** What the three commands say about a record the same way. */
final class Expansions {
    /** The kind the driver records for a column rename (rules.postgres.expand.RenameColumnExpansionRule). */
    static final String RENAME_COLUMN = "rename-column";
    static final String EXPANDING = ExpansionRecordSql.EXPANDING;
    static final String EXPANDED = ExpansionRecordSql.EXPANDED;

    private Expansions() {
    }

    /** Expanding or expanded: neither contracted nor rolled back. */
    static boolean pending(ExpansionFacts e) {
        return EXPANDING.equals(e.status()) || EXPANDED.equals(e.status());
    }

    static ExpansionFacts byId(List<ExpansionFacts> recorded, long id) {
        return recorded.stream().filter(e -> e.id() == id).findFirst().orElse(null);
    }

    /** {@code 3 (rename-column of name to full_name on app.users)} */
    static String describe(ExpansionFacts e) {
        return e.id() + " (" + e.kind() + " of " + e.oldName() + " to " + e.newName() + " on " + e.schema() + "."
                + e.table() + ")";
    }

    static String cannotUse(ExpansionConnection db, SQLException e) {
        return "cannot use the database at " + db.where() + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState()
                + "). Check --url, --user and --password.";
    }
}
