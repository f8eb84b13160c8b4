package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.MaterializedViewFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** REFRESH MATERIALIZED VIEW → … CONCURRENTLY, where PostgreSQL allows it. */
class RefreshMaterializedViewRuleTest {
    private final FakeContext context = new FakeContext();
    private final RuleHarness rule = RuleHarness.postgres(new RefreshMaterializedViewRule(), context);

    RefreshMaterializedViewRuleTest() {
        view("totals", true, true, 1_000_000);
        view("unindexed", true, false, 1_000_000);
        view("empty", false, true, 1_000_000);
        view("small", true, true, 10);
    }

    private void view(String name, boolean populated, boolean refreshableConcurrently, long rows) {
        context.relation(name, 'm', rows);
        context.views.put(name, new MaterializedViewFacts(true, "app", name, populated, refreshableConcurrently));
    }

    @Test
    void aRefreshReadersCanLiveWithGainsConcurrently() throws SQLException {
        RewritePlan plan = rule.plan("REFRESH MATERIALIZED VIEW totals;");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly("REFRESH MATERIALIZED VIEW CONCURRENTLY totals;");
        assertThat(plan.steps().get(0).kind()).as("may run inside the caller's transaction").isEqualTo(StepKind.LOCKING);
        assertThat(plan.needsAutocommit()).isFalse();
        assertThat(plan.summary()).isEqualTo("refreshing app.totals CONCURRENTLY (readers of the view are not blocked;"
                + " ~1000000 rows)");
        assertThat(rule.steps("refresh materialized view app.totals with data"))
                .containsExactly("refresh materialized view CONCURRENTLY app.totals with data");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "REFRESH MATERIALIZED VIEW CONCURRENTLY totals",   // already
            "REFRESH MATERIALIZED VIEW totals WITH NO DATA",    // empties it: CONCURRENTLY is not allowed
            "REFRESH MATERIALIZED VIEW unindexed",             // no unique index PostgreSQL can use
            "REFRESH MATERIALIZED VIEW empty",                 // never populated
            "REFRESH MATERIALIZED VIEW small",                 // below rewrite.minRows
            "REFRESH MATERIALIZED VIEW missing",               // PostgreSQL reports it
            "REFRESH MATERIALIZED VIEW totals something",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void aViewCreatedInTheTransactionKeepsTheStatement() throws SQLException {
        context.created.add("totals");
        assertThat(rule.asWritten("REFRESH MATERIALIZED VIEW totals")).isTrue();
    }
}
