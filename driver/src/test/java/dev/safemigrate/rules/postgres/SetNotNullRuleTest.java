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

/** SET NOT NULL → a helper CHECK NOT VALID, VALIDATE, the statement (no scan), drop the helper; re-runs. */
class SetNotNullRuleTest {
    private static final String ADD_HELPER = "ALTER TABLE \"app\".\"users\" ADD CONSTRAINT \"sm_nn_email\" CHECK (\"email\" IS NOT NULL) NOT VALID";
    private static final String VALIDATE = "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"sm_nn_email\"";
    private static final String DROP_HELPER = "ALTER TABLE \"app\".\"users\" DROP CONSTRAINT \"sm_nn_email\"";

    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 1_000_000)
            .column("users", "email", "text", -1, "text", false)
            .column("users", "id", "int8", -1, "bigint", true)
            .column("tiny", "v", "int4", -1, "integer", false);
    private final RuleHarness rule = RuleHarness.postgres(new SetNotNullRule(), context);

    @Test
    void aNullableColumnGetsAValidatedHelperCheckFirst() throws SQLException {
        String sql = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;";
        RewritePlan plan = rule.plan(sql);
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(ADD_HELPER, VALIDATE, sql, DROP_HELPER);
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.LOCKING, StepKind.OWN_TRANSACTION,
                StepKind.LOCKING, StepKind.LOCKING);
        assertThat(plan.steps().get(1).failureNote()).startsWith("column email has NULLs. The helper \"sm_nn_email\" stays");
        // Found by the differential suite: SET NOT NULL on a column with NULLs fails with 23502 through the real
        // driver; the helper's violated check (23514) is reported as that.
        assertThat(plan.steps().get(1).failureSqlState()).isEqualTo("23502");
        assertThat(plan.summary()).contains("adding the helper \"sm_nn_email\" NOT VALID", "table app.users, ~1000000 rows");
    }

    @Test
    void theColumnKeywordIsOptionalAndTheStatementIsSentAsWritten() throws SQLException {
        String sql = "alter table if exists public.users alter \"email\" set not null";
        assertThat(rule.steps(sql)).containsExactly(ADD_HELPER, VALIDATE, sql, DROP_HELPER);
    }

    @Test
    void reRunsContinueWhereThePreviousRunStopped() throws SQLException {
        String sql = "ALTER TABLE users ALTER COLUMN email SET NOT NULL";
        context.constraint("users", 'c', "sm_nn_email", false, "CHECK ((email IS NOT NULL)) NOT VALID");
        assertThat(rule.steps(sql)).as("a failed VALIDATE").containsExactly(VALIDATE, sql, DROP_HELPER);

        context.constraints.clear();
        context.constraint("users", 'c', "sm_nn_email", true, "CHECK ((email IS NOT NULL))");
        assertThat(rule.steps(sql)).as("validated").containsExactly(sql, DROP_HELPER);
        assertThat(rule.plan(sql).summary()).startsWith("reusing the helper \"sm_nn_email\" a previous run left");

        context.column("users", "email", "text", -1, "text", true);
        assertThat(rule.steps(sql)).as("NOT NULL already, the helper left").containsExactly(DROP_HELPER);

        context.constraints.clear();
        assertThat(rule.steps(sql)).as("nothing left to do").isEmpty();
        assertThat(rule.plan(sql).summary()).isEqualTo("column email is already NOT NULL: nothing to do");
    }

    @Test
    void aConstraintOfTheHelpersNameThatIsNotOursLeavesTheStatementAlone() throws SQLException {
        context.constraint("users", 'c', "sm_nn_email", true, "CHECK ((length(email) > 3))");
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN email SET NOT NULL")).isTrue();
        context.constraints.clear();
        context.constraint("users", 'u', "sm_nn_email", true, "UNIQUE (email)");
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN email SET NOT NULL")).isTrue();
    }

    @Test
    void aLongColumnNameGetsAShortenedHelperNameWithAChecksum() throws SQLException {
        String column = "a_column_name_that_is_really_quite_long_for_a_column_really_x";
        assertThat(SetNotNullRule.helperName("email")).isEqualTo("sm_nn_email");
        String helper = SetNotNullRule.helperName(column);
        assertThat(helper.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(helper).startsWith("sm_nn_a_column_name").matches(".*_[0-9a-f]{8}");
        assertThat(SetNotNullRule.helperName(column + "y")).isNotEqualTo(helper);

        context.column("users", column, "text", -1, "text", false);
        assertThat(rule.steps("ALTER TABLE users ALTER COLUMN " + column + " SET NOT NULL").get(0))
                .contains("ADD CONSTRAINT \"" + helper + "\" CHECK (\"" + column + "\" IS NOT NULL) NOT VALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ALTER COLUMN missing SET NOT NULL",           // PostgreSQL reports it
            "ALTER TABLE users ALTER COLUMN email DROP NOT NULL",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN id SET NOT NULL",
            "ALTER TABLE ONLY users ALTER COLUMN email SET NOT NULL",
            "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'x'",
            "ALTER TABLE tiny ALTER COLUMN v SET NOT NULL",                   // small table
            "ALTER TABLE parts ALTER COLUMN v SET NOT NULL",                  // partitioned
            "ALTER TABLE no_such ALTER COLUMN v SET NOT NULL",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void beforePostgreSql12TheScanCannotBeSkipped() throws SQLException {
        context.version = 11;
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN email SET NOT NULL")).isTrue();
    }

    @Test
    void tablesNoOtherSessionSeesKeepTheStatement() throws SQLException {
        context.created.add("users");
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN email SET NOT NULL")).isTrue();
    }
}
