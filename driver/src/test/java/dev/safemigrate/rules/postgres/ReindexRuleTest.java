package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.IndexFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** REINDEX INDEX|TABLE → … CONCURRENTLY on PostgreSQL 12+ (the basic cases are in {@link IndexRulesTest}). */
class ReindexRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 1_000_000)
            .index("users_email_idx", true, "users", "CREATE INDEX users_email_idx ON app.users USING btree (email)", 1_000_000)
            .index("tiny_idx", true, "tiny", "CREATE INDEX tiny_idx ON app.tiny USING btree (v)", 10);
    private final RuleHarness rule = RuleHarness.postgres(new ReindexRule(), context);

    @Test
    void aReindexedIndexDropsTheInvalidCopyAFailedRebuildLeaves() throws SQLException {
        RewritePlan plan = rule.plan("REINDEX INDEX users_email_idx;");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly("REINDEX INDEX CONCURRENTLY users_email_idx;");
        Step step = plan.steps().get(0);
        assertThat(step.kind()).isEqualTo(StepKind.CONCURRENT);
        assertThat(step.cleanup().argument()).isEqualTo("\"app\".\"users_email_idx_ccnew\"");
        assertThat(step.cleanup().action()).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"users_email_idx_ccnew\"");
        assertThat(plan.summary()).isEqualTo("rebuilding index app.users_email_idx CONCURRENTLY");
    }

    @Test
    void aReindexedTableHasNoCleanup() throws SQLException {
        RewritePlan plan = rule.plan("reindex (verbose) table public.users");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly("reindex (verbose) table CONCURRENTLY public.users");
        assertThat(plan.steps().get(0).cleanup()).isNull();
        assertThat(plan.summary()).isEqualTo("rebuilding the indexes of table app.users CONCURRENTLY");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "REINDEX INDEX CONCURRENTLY users_email_idx",
            "REINDEX TABLE CONCURRENTLY users",
            "REINDEX INDEX tiny_idx",                  // small table
            "REINDEX INDEX missing_idx",               // PostgreSQL reports it
            "REINDEX TABLE parts",                     // partitioned
            "REINDEX TABLE no_such",
            "REINDEX TABLE pg_catalog.pg_class",       // system catalogs cannot be reindexed concurrently
            "REINDEX INDEX information_schema.x_idx",
            "REINDEX DATABASE app",
            "REINDEX SYSTEM app",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void concurrentlyInTheOptionListIsNotSeenAndTheKeywordIsAddedToo() throws SQLException {
        // PostgreSQL 14+ accepts both (checked on 15); as it is today, not a promise.
        assertThat(rule.steps("REINDEX (CONCURRENTLY) INDEX users_email_idx"))
                .containsExactly("REINDEX (CONCURRENTLY) INDEX CONCURRENTLY users_email_idx");
    }

    @Test
    void indexesOfPartitionedTablesAndOfTablesCreatedInTheTransactionAreLeftAsWritten() throws SQLException {
        context.indexes.put("parts_idx", new IndexFacts(true, true, false, "app", "parts",
                "CREATE INDEX parts_idx ON ONLY app.parts USING btree (v)", false, true, 1_000_000));
        assertThat(rule.asWritten("REINDEX INDEX parts_idx")).isTrue();
        context.created.add("users");
        assertThat(rule.asWritten("REINDEX INDEX users_email_idx")).isTrue();
        assertThat(rule.asWritten("REINDEX TABLE users")).isTrue();
    }
}
