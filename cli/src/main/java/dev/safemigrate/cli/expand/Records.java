package dev.safemigrate.cli.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.postgres.ExpansionRecords;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The record table read once, before contract or rollback picks what to end. */
final class Records {
    private Records() {
    }

    static List<ExpansionFacts> read(ExpansionConnection db) throws SQLException {
        try (Connection bare = db.openBare()) {
            return ExpansionRecords.all(bare, db.stateTable());
        }
    }

    /** Why {@code id} cannot be ended, or null when it is pending. */
    static String notPending(List<ExpansionFacts> recorded, long id, ExpansionConnection db) {
        ExpansionFacts e = Expansions.byId(recorded, id);
        if (e == null) {
            return "no expansion " + id + " in " + db.stateTable() + " at " + db.where()
                    + ": 'safemigrate status --all' lists them";
        }
        if (!Expansions.pending(e)) {
            return "expansion " + Expansions.describe(e) + " is " + e.status() + " already: nothing to do";
        }
        return null;
    }
}
