package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.MaterializedViewFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.RefreshMaterializedView;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code REFRESH MATERIALIZED VIEW v} holds an ACCESS EXCLUSIVE lock on the view for the whole refresh:
 * every reader of the view waits. Sent instead: {@code REFRESH MATERIALIZED VIEW CONCURRENTLY v}, which
 * takes an EXCLUSIVE lock (readers go on) and applies the difference, when PostgreSQL allows it: the
 * view is populated and has a valid unique index on plain columns without a WHERE clause.
 *
 * <p>Unlike {@code CREATE INDEX CONCURRENTLY}, a concurrent refresh may run inside a transaction block,
 * so the step is {@link dev.safemigrate.rules.StepKind#LOCKING}: it runs where the caller runs it (in
 * the caller's transaction, under the lock timeout), and no transaction is split.
 *
 * <p>Left as written: {@code WITH NO DATA}, {@code WITH DATA} … on an unpopulated view, views without such
 * an index, views below {@code safemigrate.rewrite.minRows}, and anything else.
 */
public final class RefreshMaterializedViewRule extends RewriteRule {

    @Override
    public String name() {
        return "refresh-materialized-view";
    }

    @Override
    public String reason() {
        return "REFRESH MATERIALIZED VIEW blocks every reader of the view for the whole refresh";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.REFRESH_MATERIALIZED_VIEW || statement.concurrently()) {
            return null;
        }
        RefreshMaterializedView refresh = RefreshMaterializedView.of(statement);
        if (refresh == null || refresh.concurrently() || refresh.noData()) {
            return null; // WITH NO DATA, or not understood
        }
        QualifiedName name = refresh.view();
        MaterializedViewFacts view = context.catalog().materializedView(name);
        if (!view.exists() || !view.populated() || !view.refreshableConcurrently()) {
            return null;
        }
        TableFacts table = context.catalog().table(name);
        if (!Exemptions.worthRewriting(table, name, context)) {
            return null;
        }
        int at = refresh.afterViewKeyword();
        String sql = statement.text().substring(0, at) + " CONCURRENTLY" + statement.text().substring(at);
        return new RewritePlan(this, statement, List.of(Step.locking(sql)), "refreshing " + view.schema() + "."
                + view.name() + " CONCURRENTLY (readers of the view are not blocked; ~" + table.estimatedRows() + " rows)");
    }
}
