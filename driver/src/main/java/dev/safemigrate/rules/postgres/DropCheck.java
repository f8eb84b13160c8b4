package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.DropTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DROP TABLE} and {@code ALTER TABLE … DROP [COLUMN]} are instant, but running application code
 * that still uses the table or column fails once they commit, and the data is gone. Policy
 * {@code safemigrate.policy.dropTable} / {@code dropColumn} (default warn).
 *
 * <p>Left as written, silently: temporary tables, tables created in the same transaction, tables and
 * columns that do not exist (PostgreSQL reports it, or only notes it under IF EXISTS), and
 * {@code DROP CONSTRAINT}.
 */
final class DropCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() == DdlKind.DROP_TABLE) {
            return dropTable(statement, context);
        }
        AlterTable alter = AlterTable.of(statement);
        if (alter == null) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        TableFacts table = null;
        List<Finding> found = new ArrayList<>();
        for (AlterTable.Action action : alter.actions()) {
            int j = action.from();
            if (!c.isWord(j, "DROP") || c.isWord(j + 1, "CONSTRAINT")) {
                continue;
            }
            j++;
            if (c.isWord(j, "COLUMN")) {
                j++;
            }
            if (c.isWords(j, "IF", "EXISTS")) {
                j += 2;
            }
            if (!c.isName(j)) {
                continue;
            }
            int k = j + 1;
            if (c.isWord(k, "CASCADE") || c.isWord(k, "RESTRICT")) {
                k++;
            }
            if (k != action.to()) {
                continue;
            }
            if (table == null) {
                table = context.catalog().table(alter.table());
                if (!Exemptions.visibleToApplications(table, alter.table(), context)) {
                    return List.of();
                }
            }
            String column = c.name(j).name();
            if (context.catalog().column(alter.table(), column).exists()) {
                found.add(new Finding(Operation.DROP_COLUMN, "column " + c.text(j) + " of table " + table.schema() + "."
                        + table.name() + " (~" + table.estimatedRows() + " rows)"
                        + (c.isWord(j + 1, "CASCADE") ? ", CASCADE also drops the views and constraints that use it" : "")));
            }
        }
        return found;
    }

    private static List<Finding> dropTable(SqlStatement statement, RuleContext context) throws SQLException {
        DropTable drop = DropTable.of(statement);
        if (drop == null || drop.temporary()) { // DROP TEMPORARY TABLE is MySQL's, not PostgreSQL's
            return List.of();
        }
        boolean cascade = drop.cascade();
        List<QualifiedName> names = drop.names();
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : names) {
            TableFacts table = context.catalog().table(name);
            if (Exemptions.visibleToApplications(table, name, context)) {
                found.add(new Finding(Operation.DROP_TABLE, "table " + table.schema() + "." + table.name() + " (~"
                        + table.estimatedRows() + " rows)"
                        + (cascade ? ", CASCADE also drops the views and foreign keys that depend on it" : "")));
            }
        }
        return found;
    }
}
