package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

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
        if (statement.ddlKind() != DdlKind.TRUNCATE) {
            return List.of();
        }
        SqlCursor c = SqlCursor.over(statement.text(), Dialect.POSTGRESQL);
        int i = 0;
        if (!c.isWord(i++, "TRUNCATE")) {
            return List.of();
        }
        if (c.isWord(i, "TABLE")) {
            i++;
        }
        int end = c.sizeWithoutSemicolon();
        List<QualifiedName> names = new ArrayList<>();
        while (i < end) {
            if (c.isWord(i, "ONLY")) {
                i++;
            }
            if (!c.isName(i) || c.isWord(i, "RESTART") || c.isWord(i, "CONTINUE") || c.isWord(i, "CASCADE")
                    || c.isWord(i, "RESTRICT")) {
                break;
            }
            names.add(c.name(i));
            i = c.nameEnd(i);
            if (c.isPunct(i, '*')) {
                i++;
            }
            if (!c.isPunct(i, ',')) {
                break;
            }
            i++;
        }
        if (c.isWords(i, "RESTART", "IDENTITY") || c.isWords(i, "CONTINUE", "IDENTITY")) {
            i += 2;
        }
        boolean cascade = c.isWord(i, "CASCADE");
        if (cascade || c.isWord(i, "RESTRICT")) {
            i++;
        }
        if (names.isEmpty() || i != end) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : names) {
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
