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

/** DROP INDEX → one DROP INDEX CONCURRENTLY per index (the basic cases are in {@link IndexRulesTest}). */
class DropIndexRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000)
            .index("a_idx", true, "users", "CREATE INDEX a_idx ON app.users USING btree (a)", 1_000_000)
            .index("\"B Idx\"", true, "users", "CREATE INDEX \"B Idx\" ON app.users USING btree (b)", 1_000_000);
    private final RuleHarness rule = RuleHarness.postgres(new DropIndexRule(), context);

    @Test
    void eachIndexIsDroppedConcurrentlyByItsQualifiedQuotedName() throws SQLException {
        RewritePlan plan = rule.plan("drop index if exists a_idx, missing_idx, \"B Idx\";");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"a_idx\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"B Idx\"");
        assertThat(plan.steps()).extracting(Step::kind).containsOnly(StepKind.CONCURRENT);
        assertThat(plan.steps()).extracting(Step::cleanup).containsOnlyNulls();
        assertThat(plan.summary()).isEqualTo("dropping \"app\".\"a_idx\", \"app\".\"B Idx\" CONCURRENTLY");
    }

    @Test
    void nothingToDropUnderIfExistsIsANoOp() throws SQLException {
        RewritePlan plan = rule.plan("DROP INDEX IF EXISTS missing_idx, other_missing_idx");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.summary()).isEqualTo("no index to drop (IF EXISTS)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP INDEX a_idx CASCADE",           // not allowed with CONCURRENTLY
            "DROP INDEX a_idx, missing_idx",      // PostgreSQL reports the missing one, and drops nothing
            "DROP INDEX CONCURRENTLY a_idx",
            "DROP INDEX a_idx something",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void constraintIndexesPartitionedIndexesAndNewTablesAreLeftAsWritten() throws SQLException {
        context.indexes.put("users_pkey", new IndexFacts(true, true, true, "app", "users",
                "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)", true, false, 1_000_000));
        assertThat(rule.asWritten("DROP INDEX users_pkey")).isTrue();
        context.indexes.put("parts_idx", new IndexFacts(true, true, false, "app", "parts",
                "CREATE INDEX parts_idx ON ONLY app.parts USING btree (v)", false, true, 1_000_000));
        assertThat(rule.asWritten("DROP INDEX parts_idx")).isTrue();
        assertThat(rule.asWritten("DROP INDEX a_idx, parts_idx")).as("all or nothing").isTrue();
        context.created.add("users");
        assertThat(rule.asWritten("DROP INDEX a_idx")).isTrue();
    }
}
