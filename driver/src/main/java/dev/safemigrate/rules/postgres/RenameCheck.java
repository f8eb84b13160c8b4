package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code ALTER TABLE t RENAME [COLUMN] a TO b} and {@code ALTER TABLE t RENAME TO u} are instant, but
 * running application code still uses the old name and fails once the rename commits. Policy
 * {@code safemigrate.policy.renameColumn} / {@code renameTable} (default warn).
 *
 * <p>Left as written, silently: {@code RENAME CONSTRAINT}, renames of views, temporary tables, tables
 * created in the same transaction, and tables that do not exist (PostgreSQL reports it).
 */
final class RenameCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.actions().size() != 1) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        int f = alter.actions().get(0).from();
        int t = alter.actions().get(0).to();
        if (!c.isWord(f, "RENAME")) {
            return List.of();
        }
        Operation op;
        String subject;
        TableFacts table = context.catalog().table(alter.table());
        if (c.isWord(f + 1, "TO") && c.isName(f + 2) && f + 3 == t) {
            op = Operation.RENAME_TABLE;
            subject = "table " + table.schema() + "." + table.name() + " renamed to " + c.text(f + 2);
        } else {
            int j = f + 1;
            if (c.isWord(j, "CONSTRAINT")) {
                return List.of();
            }
            if (c.isWord(j, "COLUMN")) {
                j++;
            }
            if (!(c.isName(j) && c.isWord(j + 1, "TO") && c.isName(j + 2) && j + 3 == t)) {
                return List.of();
            }
            op = Operation.RENAME_COLUMN;
            subject = "column " + c.text(j) + " of table " + table.schema() + "." + table.name() + " renamed to "
                    + c.text(j + 2);
        }
        if (!Exemptions.visibleToApplications(table, alter.table(), context)) {
            return List.of();
        }
        return List.of(new Finding(op, subject));
    }
}
