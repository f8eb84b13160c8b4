package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.IndexFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.Reindex;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code REINDEX INDEX|TABLE} blocks writes to the table (and reads that would use the index) for the
 * whole rebuild. Sent instead, on PostgreSQL 12 and later: {@code REINDEX … CONCURRENTLY}.
 *
 * <p>Left as written: {@code SCHEMA}/{@code DATABASE}/{@code SYSTEM}, system catalogs, partitioned
 * tables, older servers and small tables. A failed concurrent reindex can leave an INVALID
 * {@code <index>_ccnew} copy; the error is reported and that copy is dropped for {@code REINDEX INDEX}.
 */
public final class ReindexRule extends RewriteRule {

    @Override
    public String name() {
        return "reindex";
    }

    @Override
    public String reason() {
        return "REINDEX blocks writes to the table for the whole rebuild";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.REINDEX || statement.concurrently()
                || context.catalog().majorVersion() < 12) {
            return null;
        }
        Reindex reindex = Reindex.of(statement);
        if (reindex == null || reindex.concurrently()) {
            return null;
        }
        boolean index = reindex.index();
        QualifiedName name = reindex.name();
        if ("pg_catalog".equals(name.schema()) || "information_schema".equals(name.schema())) {
            return null;
        }
        String schema;
        String relation;
        Step.Cleanup cleanup = null;
        if (index) {
            IndexFacts facts = context.catalog().index(name);
            if (!facts.exists() || facts.partitioned() || facts.tableRows() < context.settings().rewriteMinRows()
                    || context.createdInTransaction(new QualifiedName(facts.schema(), facts.table(), facts.table()))) {
                return null;
            }
            schema = facts.schema();
            relation = name.name();
            String copy = dev.safemigrate.sql.Identifiers.quote(Dialect.POSTGRESQL, schema, relation + "_ccnew");
            cleanup = new Step.Cleanup(
                    "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid)",
                    copy, "DROP INDEX CONCURRENTLY IF EXISTS " + copy,
                    "dropped the INVALID copy " + copy + " the failed rebuild left behind");
        } else {
            TableFacts facts = context.catalog().table(name);
            if (!Exemptions.worthRewriting(facts, name, context) || facts.kind() != 'r') {
                return null;
            }
            schema = facts.schema();
            relation = facts.name();
        }
        String sql = statement.text().substring(0, reindex.afterKeyword()) + " CONCURRENTLY"
                + statement.text().substring(reindex.afterKeyword());
        return new RewritePlan(this, statement, List.of(Step.concurrent(sql, cleanup)),
                "rebuilding " + (index ? "index " : "the indexes of table ") + schema + "." + relation + " CONCURRENTLY");
    }
}
