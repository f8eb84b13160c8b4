package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.IndexFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.DropIndex;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DROP INDEX} takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait.
 * Sent instead: {@code DROP INDEX CONCURRENTLY}, one statement per index as PostgreSQL requires.
 *
 * <p>Left as written: {@code CASCADE} (not allowed with CONCURRENTLY), a name that does not exist
 * without {@code IF EXISTS} (PostgreSQL reports it), indexes that back a constraint (PostgreSQL
 * refuses either way), indexes of partitioned tables, and indexes of small tables.
 */
public final class DropIndexRule extends RewriteRule {

    @Override
    public String name() {
        return "drop-index";
    }

    @Override
    public String reason() {
        return "DROP INDEX blocks reads and writes of the table until it gets and releases its lock";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.DROP_INDEX || statement.concurrently()) {
            return null;
        }
        DropIndex drop = DropIndex.of(statement);
        if (drop == null || drop.concurrently() || drop.table() != null || drop.cascade()) {
            return null; // CASCADE, or something we do not recognise
        }
        boolean ifExists = drop.ifExists();
        boolean restrict = drop.restrict();
        List<QualifiedName> names = drop.names();
        List<Step> steps = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (QualifiedName name : names) {
            IndexFacts index = context.catalog().index(name);
            if (!index.exists()) {
                if (ifExists) {
                    continue; // PostgreSQL would only print a notice
                }
                return null; // let PostgreSQL report it, exactly as it would
            }
            if (index.backsConstraint() || index.partitioned()
                    || context.createdInTransaction(new QualifiedName(index.schema(), index.table(), index.table()))
                    || index.tableRows() < context.settings().rewriteMinRows()) {
                return null;
            }
            String quoted = Identifiers.quote(Dialect.POSTGRESQL, index.schema(), name.name());
            steps.add(Step.concurrent("DROP INDEX CONCURRENTLY IF EXISTS " + quoted + (restrict ? " RESTRICT" : ""), null));
            dropped.add(quoted);
        }
        return new RewritePlan(this, statement, steps, steps.isEmpty()
                ? "no index to drop (IF EXISTS)" : "dropping " + String.join(", ", dropped) + " CONCURRENTLY");
    }
}
