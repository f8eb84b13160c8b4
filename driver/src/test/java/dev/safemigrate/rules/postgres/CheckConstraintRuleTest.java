package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD CHECK → NOT VALID, then VALIDATE in its own transaction; re-runs; what is left as written. */
class CheckConstraintRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 1_000_000);
    private final RuleHarness rule = RuleHarness.postgres(new CheckConstraintRule(), context);

    @Test
    void aNamedCheckIsAddedNotValidThenValidated() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0);");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;",
                "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"age_positive\"");
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.LOCKING, StepKind.OWN_TRANSACTION);
        assertThat(plan.steps().get(1).failureNote()).startsWith("the check constraint was added NOT VALID and stays");
    }

    @Test
    void anUnnamedCheckIsValidatedByTheNamePostgreSqlGivesIt() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD CHECK (age > 0 AND age < 200)");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE users ADD CHECK (age > 0 AND age < 200) NOT VALID",
                "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT <the name PostgreSQL gave it>");
        assertThat(plan.steps().get(1).deferred()).isNotNull();
    }

    @Test
    void reRunsMatchTheServersExtraParentheses() throws SQLException {
        context.constraint("users", 'c', "age_positive", true, "CHECK ((age > 0))");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)")).isEmpty();
        assertThat(rule.plan("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)").summary())
                .contains("already exists, validated and with the same definition");

        context.constraints.clear();
        context.constraint("users", 'c', "age_positive", false, "CHECK ((age > 0)) NOT VALID");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)"))
                .containsExactly("ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"age_positive\"");
    }

    @Test
    void aDifferentDefinitionOrTypeOfTheSameNameIsSentAndPostgreSqlReportsTheClash() throws SQLException {
        context.constraint("users", 'c', "age_positive", true, "CHECK ((age >= 0))");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)")).hasSize(2);
        context.constraints.clear();
        context.constraint("users", 'f', "age_positive", true, "CHECK ((age > 0))");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0)")).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID",
            "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NO INHERIT",
            "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0), ADD CONSTRAINT d CHECK (age < 200)",
            "ALTER TABLE ONLY users ADD CONSTRAINT c CHECK (age > 0)",
            "ALTER TABLE users ADD COLUMN age int CHECK (age > 0)",
            "ALTER TABLE users ADD CONSTRAINT c UNIQUE (age)",
            "ALTER TABLE tiny ADD CONSTRAINT c CHECK (age > 0)",
            "ALTER TABLE parts ADD CONSTRAINT c CHECK (age > 0)",
            "ALTER TABLE no_such ADD CONSTRAINT c CHECK (age > 0)",
            "ALTER TABLE users ALTER COLUMN age SET NOT NULL",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void tablesNoOtherSessionSeesKeepTheStatement() throws SQLException {
        context.created.add("users");
        assertThat(rule.asWritten("ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0)")).isTrue();
        context.temporaryTable("scratch", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE scratch ADD CONSTRAINT c CHECK (age > 0)")).isTrue();
    }
}
