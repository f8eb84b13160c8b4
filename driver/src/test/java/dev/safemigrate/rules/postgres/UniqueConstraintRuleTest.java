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

/**
 * ADD UNIQUE → the unique index built concurrently, then attached; names, re-runs and leftovers (what
 * {@link IndexBackedConstraintRule} decides for both UNIQUE and PRIMARY KEY).
 */
class UniqueConstraintRuleTest {
    private static final String BUILD = "CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\" ON \"app\".\"users\" (email)";
    private static final String ATTACH = "ALTER TABLE \"app\".\"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX \"users_email_key\"";
    private static final String INDEX = "\"app\".\"users_email_key\"";

    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 1_000_000);
    private final RuleHarness rule = RuleHarness.postgres(new UniqueConstraintRule(), context);

    @Test
    void theIndexIsBuiltConcurrentlyThenAttached() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(BUILD, ATTACH);
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.CONCURRENT, StepKind.LOCKING);
        Step.Cleanup cleanup = plan.steps().get(0).cleanup();
        assertThat(cleanup.argument()).isEqualTo(INDEX);
        assertThat(cleanup.action()).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS " + INDEX);
        assertThat(plan.steps().get(1).failureNote()).startsWith("the unique index " + INDEX + " was built and stays");
        assertThat(plan.summary()).isEqualTo("building the unique index " + INDEX + " CONCURRENTLY, then attaching it"
                + " as the UNIQUE constraint (brief lock) (table app.users, ~1000000 rows)");
    }

    @Test
    void anUnnamedConstraintGetsPostgreSqlsDefaultNameWhenItIsFree() throws SQLException {
        assertThat(rule.steps("ALTER TABLE users ADD UNIQUE (email)")).containsExactly(BUILD, ATTACH);
        assertThat(rule.steps("ALTER TABLE users ADD UNIQUE (org_id, \"Email\")")).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_org_id_Email_key\" ON \"app\".\"users\" (org_id, \"Email\")",
                "ALTER TABLE \"app\".\"users\" ADD CONSTRAINT \"users_org_id_Email_key\" UNIQUE USING INDEX \"users_org_id_Email_key\"");
        context.taken.add("users_email_key");
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("PostgreSQL would pick another name").isTrue();
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"))
                .as("named: PostgreSQL reports a clash").containsExactly(BUILD, ATTACH);
    }

    @Test
    void aNameLongerThanPostgreSqlKeepsIsLeftAsWritten() throws SQLException {
        String column = "c".repeat(60);
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (" + column + ")")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD CONSTRAINT " + "k".repeat(64) + " UNIQUE (email)")).isTrue();
    }

    @Test
    void theSameConstraintIsANoOp() throws SQLException {
        context.constraint("users", 'u', "users_email_key", true, "UNIQUE (email)");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)")).isEmpty();
        assertThat(rule.steps("ALTER TABLE users ADD UNIQUE (email)")).isEmpty();
    }

    @Test
    void anotherConstraintOfThatName() throws SQLException {
        context.constraint("users", 'u', "users_email_key", true, "UNIQUE (email, org_id)");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"))
                .as("named: sent, PostgreSQL reports the clash").containsExactly(BUILD, ATTACH);
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("unnamed: PostgreSQL picks another name")
                .isTrue();
    }

    @Test
    void aValidIndexAPreviousRunBuiltIsOnlyAttached() throws SQLException {
        context.index(INDEX, true, "users", "CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email)", 1_000_000);
        context.taken.add("users_email_key");
        RewritePlan plan = rule.plan("ALTER TABLE users ADD UNIQUE (email)");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(ATTACH);
        assertThat(plan.summary()).startsWith("the unique index " + INDEX + " a previous run built exists");
    }

    @Test
    void anInvalidIndexAFailedBuildLeftIsDroppedAndRebuilt() throws SQLException {
        context.index(INDEX, false, "users", "CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email)", 1_000_000);
        context.taken.add("users_email_key");
        RewritePlan plan = rule.plan("ALTER TABLE users ADD UNIQUE (email)");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS " + INDEX, BUILD, ATTACH);
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.CONCURRENT, StepKind.CONCURRENT, StepKind.LOCKING);
        assertThat(plan.summary()).startsWith("dropping the INVALID index " + INDEX + " a failed build left, then building");
    }

    @Test
    void anIndexOfThatNameThatIsNotALeftoverIsNotReused() throws SQLException {
        context.taken.add("users_email_key");
        context.index(INDEX, true, "users", "CREATE UNIQUE INDEX users_email_key ON app.users USING btree (lower(email))", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("other columns").isTrue();
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"))
                .as("named: PostgreSQL reports the clash").containsExactly(BUILD, ATTACH);
        context.index(INDEX, true, "users", "CREATE INDEX users_email_key ON app.users USING btree (email)", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("not unique").isTrue();
        context.indexes.put(INDEX, new IndexFacts(true, true, true, "app", "users",
                "CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email)", true, false, 1_000_000));
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("backs a constraint already").isTrue();
        context.index(INDEX, true, "orders", "CREATE UNIQUE INDEX users_email_key ON app.orders USING btree (email)", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).as("on another table").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (email) INCLUDE (id)",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (email) WITH (fillfactor = 70)",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE NULLS NOT DISTINCT (email)",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE USING INDEX k",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (email) DEFERRABLE",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (lower(email))",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (app.email)",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE ()",
            "ALTER TABLE users ADD CONSTRAINT k PRIMARY KEY (id)",        // the primary-key rule's
            "ALTER TABLE ONLY users ADD CONSTRAINT k UNIQUE (email)",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (email), ADD CONSTRAINT j UNIQUE (id)",
            "ALTER TABLE users ADD COLUMN code text UNIQUE",
            "ALTER TABLE tiny ADD CONSTRAINT k UNIQUE (email)",
            "ALTER TABLE parts ADD CONSTRAINT k UNIQUE (email)",
            "ALTER TABLE no_such ADD CONSTRAINT k UNIQUE (email)",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void tablesNoOtherSessionSeesKeepTheStatement() throws SQLException {
        context.created.add("users");
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (email)")).isTrue();
        context.temporaryTable("scratch", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE scratch ADD UNIQUE (email)")).isTrue();
    }
}
