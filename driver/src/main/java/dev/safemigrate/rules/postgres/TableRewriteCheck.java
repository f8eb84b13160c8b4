package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.Vacuum;
import dev.safemigrate.sql.shape.Cluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code VACUUM FULL} and {@code CLUSTER} rewrite the whole table and its indexes under an ACCESS
 * EXCLUSIVE lock: no reads or writes for as long as they run, which grows with the table. Policy
 * {@code safemigrate.policy.vacuumFull} / {@code cluster}, default refuse: there is no safe form the
 * driver could send, and online tools (pg_repack, pg_squeeze) do the same job without the lock.
 * Without a table name they process every table of the database (CLUSTER: every table clustered
 * before), which always counts.
 *
 * <p>Left as written, silently: plain VACUUM (and {@code VACUUM (FULL false)}), tables below
 * {@code safemigrate.rewrite.minRows}, temporary tables, tables created in the same transaction, tables
 * that do not exist, and option lists the driver does not understand.
 */
final class TableRewriteCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() == DdlKind.VACUUM) {
            return vacuum(statement, context);
        }
        if (statement.ddlKind() == DdlKind.CLUSTER) {
            return cluster(statement, context);
        }
        return List.of();
    }

    private static List<Finding> vacuum(SqlStatement statement, RuleContext context) throws SQLException {
        Vacuum vacuum = Vacuum.of(statement);
        if (vacuum == null || !Boolean.TRUE.equals(vacuum.full()) || vacuum.tables() == null) {
            return List.of();
        }
        return blocking(Operation.VACUUM_FULL, vacuum.tables(), "every table of the database", context);
    }

    private static List<Finding> cluster(SqlStatement statement, RuleContext context) throws SQLException {
        Cluster cluster = Cluster.of(statement);
        if (cluster == null) {
            return List.of();
        }
        return blocking(Operation.CLUSTER, cluster.tables(), "every table of the database clustered before", context);
    }

    private static List<Finding> blocking(Operation op, List<QualifiedName> names, String whenNone, RuleContext context)
            throws SQLException {
        if (names.isEmpty()) {
            return List.of(new Finding(op, whenNone));
        }
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : names) {
            TableFacts table = context.catalog().table(name);
            if (Exemptions.blocksTraffic(table, name, context)) {
                found.add(new Finding(op, "table " + table.schema() + "." + table.name() + " (~" + table.estimatedRows()
                        + " rows)"));
            }
        }
        return found;
    }
}
