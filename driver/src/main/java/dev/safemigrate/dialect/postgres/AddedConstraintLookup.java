package dev.safemigrate.dialect.postgres;

import dev.safemigrate.rules.Step.ValidateAddedConstraint;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@link ValidateAddedConstraint}: the name PostgreSQL gave the constraint the previous step added
 * without one, read from {@code pg_constraint} (computing it in advance would mean re-implementing
 * {@code ChooseConstraintName}, and a wrong guess would validate nothing or the wrong constraint).
 */
final class AddedConstraintLookup {
    private AddedConstraintLookup() {
    }

    static String validateSql(ValidateAddedConstraint step, Connection raw) throws SQLException {
        List<String> added = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement("SELECT conname FROM pg_constraint"
                + " WHERE conrelid = to_regclass(?) AND contype = '" + step.type() + "' AND NOT convalidated")) {
            ps.setString(1, step.quotedTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!step.before().contains(rs.getString(1))) {
                        added.add(rs.getString(1));
                    }
                }
            }
        }
        if (added.size() != 1) {
            throw new SQLException("safemigrate: added the " + step.noun() + " NOT VALID on " + step.quotedTable()
                    + " but cannot tell which constraint it is (new NOT VALID constraints: " + added
                    + "); validate it with ALTER TABLE " + step.quotedTable() + " VALIDATE CONSTRAINT <name>",
                    "55000");
        }
        return "ALTER TABLE " + step.quotedTable() + " VALIDATE CONSTRAINT "
                + Identifiers.quote(Dialect.POSTGRESQL, added.get(0));
    }
}
