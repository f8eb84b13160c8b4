package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD COLUMN … DEFAULT <volatile> → add without default, SET DEFAULT, backfill in batches; else the policy decides. */
class VolatileDefaultBackfillRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .table("keyless", 1_000_000)
            .constraint("users", 'p', "users_pkey", true, "PRIMARY KEY (id)")
            .constraint("tiny", 'p', "tiny_pkey", true, "PRIMARY KEY (id)")
            .function("gen_random_uuid", 'v').function("random", 'v').function("now", 's');
    private final RuleHarness rule = RuleHarness.postgres(new VolatileDefaultBackfillRule(), context);

    @Test
    void theColumnIsAddedWithoutItsDefaultThenTheRowsAreFilledInBatches() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE users ADD COLUMN token uuid",
                "ALTER TABLE users ALTER COLUMN \"token\" SET DEFAULT gen_random_uuid()",
                "UPDATE users SET \"token\" = gen_random_uuid() WHERE \"token\" IS NULL");
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.LOCKING, StepKind.LOCKING, StepKind.BACKFILL);
        assertThat(plan.summary()).isEqualTo("adding column \"token\" without its default, setting the default for new"
                + " rows, and filling the ~1000000 existing rows in batches");
    }

    @Test
    void theTableAndTheExpressionAreKeptAsWritten() throws SQLException {
        assertThat(rule.steps("alter table if exists app.users add if not exists \"Score\" double precision"
                + " default (random() * 100)::int")).containsExactly(
                "alter table if exists app.users add if not exists \"Score\" double precision",
                "ALTER TABLE app.users ALTER COLUMN \"Score\" SET DEFAULT (random() * 100)::int",
                "UPDATE app.users SET \"Score\" = (random() * 100)::int WHERE \"Score\" IS NULL");
    }

    @Test
    void aReRunAfterTheColumnWasAddedOnlySetsTheDefaultAndBackfills() throws SQLException {
        context.column("users", "token", "uuid", -1, "uuid", false);
        assertThat(rule.steps("ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid()"))
                .containsExactly("ALTER TABLE users ALTER COLUMN \"token\" SET DEFAULT gen_random_uuid()",
                        "UPDATE users SET \"token\" = gen_random_uuid() WHERE \"token\" IS NULL");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()",   // NOT NULL: the policy decides
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() NOT NULL",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() UNIQUE",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() CHECK (token IS NOT NULL)",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(), ADD COLUMN n int",
            "ALTER TABLE users ADD COLUMN n bigserial",                                        // no DEFAULT to move
            "ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY",
            "ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now()",                  // stable: instant
            "ALTER TABLE users ADD COLUMN n int DEFAULT 0",                                     // constant: instant
            "ALTER TABLE users ADD COLUMN token uuid",
            "ALTER TABLE ONLY users ADD COLUMN token uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE tiny ADD COLUMN token uuid DEFAULT gen_random_uuid()",                // small table
            "ALTER TABLE keyless ADD COLUMN token uuid DEFAULT gen_random_uuid()",             // batches need a key
            "ALTER TABLE no_such ADD COLUMN token uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() /* safemigrate:allow volatile-default */",
    })
    void leftToThePolicyOrAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void batchingOffLeavesItToThePolicy() throws SQLException {
        context.settings(Map.of("safemigrate.batch", "false"));
        assertThat(rule.asWritten("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()")).isTrue();
    }

    @Test
    void beforePostgreSql11AConstantDefaultRewritesTooAndIsBackfilled() throws SQLException {
        context.version = 10;
        assertThat(rule.steps("ALTER TABLE users ADD COLUMN n int DEFAULT 0")).containsExactly(
                "ALTER TABLE users ADD COLUMN n int",
                "ALTER TABLE users ALTER COLUMN \"n\" SET DEFAULT 0",
                "UPDATE users SET \"n\" = 0 WHERE \"n\" IS NULL");
    }
}
