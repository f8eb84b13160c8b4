package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT n] EXCLUDE …} builds the constraint's index and checks every row
 * under an ACCESS EXCLUSIVE lock; unlike CHECK, FOREIGN KEY and UNIQUE there is no {@code NOT VALID}
 * or {@code USING INDEX} form to split it. Policy {@code safemigrate.policy.exclusionConstraint},
 * default refuse.
 *
 * <p>Left as written, silently: tables below {@code safemigrate.rewrite.minRows}, temporary tables,
 * tables created in the same transaction (and {@code CREATE TABLE … EXCLUDE}, never seen here).
 */
final class ExclusionConstraintCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        List<Finding> found = new ArrayList<>();
        TableFacts table = null;
        for (AlterTable.Action action : alter.actions()) {
            int j = action.from();
            if (!c.isWord(j++, "ADD")) {
                continue;
            }
            String name = "";
            if (c.isWord(j, "CONSTRAINT") && c.isName(j + 1)) {
                name = " " + c.text(j + 1);
                j += 2;
            }
            if (!c.isWord(j, "EXCLUDE")) {
                continue;
            }
            if (table == null) {
                table = context.catalog().table(alter.table());
                if (!Exemptions.blocksTraffic(table, alter.table(), context)) {
                    return List.of();
                }
            }
            found.add(new Finding(Operation.EXCLUSION_CONSTRAINT, "exclusion constraint" + name + " on table "
                    + table.schema() + "." + table.name() + " (~" + table.estimatedRows() + " rows)"));
        }
        return found;
    }
}
