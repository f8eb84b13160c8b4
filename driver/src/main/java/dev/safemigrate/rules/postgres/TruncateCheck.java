package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.Truncate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code TRUNCATE} removes every row at once under an ACCESS EXCLUSIVE lock. Once it has the lock it
 * is fast whatever the table's size (it swaps the files), and the lock wait is bounded by the lock
 * timeout; its danger is destruction, like {@code DROP TABLE}: policy {@code safemigrate.policy.truncate},
 * default warn, the same as the drops.
 *
 * <p>Left as written, silently: temporary tables, tables created in the same transaction, and tables
 * that do not exist.
 */
final class TruncateCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        Truncate truncate = Truncate.of(statement);
        if (truncate == null) {
            return List.of();
        }
        boolean cascade = truncate.cascade();
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : truncate.tables()) {
            TableFacts table = context.catalog().table(name);
            if (Exemptions.visibleToApplications(table, name, context)) {
                found.add(new Finding(Operation.TRUNCATE, "table " + table.schema() + "." + table.name() + " (~"
                        + table.estimatedRows() + " rows)"
                        + (cascade ? ", CASCADE also empties every table that references it" : "")));
            }
        }
        return found;
    }
}
