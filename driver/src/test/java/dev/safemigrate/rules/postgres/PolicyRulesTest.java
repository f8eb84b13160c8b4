package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.LogCapture;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the policies do with the operations the checks find (the checks themselves: one test class each):
 * warn runs the statement as written and logs, refuse sends nothing and throws SM001, the allow comment
 * allows, and a refusal logs no warning for another operation of the same statement.
 */
class PolicyRulesTest {
    private static final String RENAME = "ALTER TABLE users RENAME COLUMN email TO mail";
    private static final String RENAME_SUBJECT = "column email of table app.users renamed to mail";

    private final FakeContext context = new FakeContext().table("users", 1_000_000)
            .column("users", "legacy", "text", -1, "text", false)
            .column("users", "n", "int4", -1, "integer", false);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void warnRunsTheStatementAsWrittenAndLogsTheRiskAndTheRecipe() throws Exception {
        String log = LogCapture.of(() -> assertThat(rule.asWritten(RENAME)).isTrue());
        assertThat(log).contains("WARN dev.safemigrate.rules.postgres.PolicyRules - [rename-column] " + RENAME_SUBJECT + ": "
                + Operation.RENAME_COLUMN.risk + ". Safe way: " + Operation.RENAME_COLUMN.recipe + ". Running it as written"
                + " (safemigrate.policy.renameColumn=warn; /* safemigrate:allow rename-column */ in the statement silences"
                + " this). Statement: " + RENAME);
        assertThat(context.decided()).containsExactly("WARNED [rename-column] " + RENAME_SUBJECT);
    }

    @Test
    void refuseSendsNothingAndSaysHowToAllowIt() throws Exception {
        context.settings(Map.of("safemigrate.policy.renameColumn", "refuse"));
        PolicyViolationException e = rule.refusal(RENAME + ";\n");
        assertThat(e.getMessage()).isEqualTo("safemigrate refused " + RENAME + "; — nothing was sent to the server."
                + " [rename-column] " + RENAME_SUBJECT + ": " + Operation.RENAME_COLUMN.risk + ". Safe way: "
                + Operation.RENAME_COLUMN.recipe + ". To run it as written anyway, add the comment"
                + " /* safemigrate:allow rename-column */ to the statement, or set safemigrate.policy.renameColumn=warn"
                + " (or safemigrate.policy.default=warn).");
        assertThat(e.getSQLState()).isEqualTo("SM001");
        assertThat(e.rule()).isEqualTo("rename-column");
        assertThat(context.decided()).containsExactly("REFUSED [rename-column] " + RENAME_SUBJECT);
    }

    @Test
    void theAllowCommentAllowsThatOperationForThatStatement() throws Exception {
        context.settings(Map.of("safemigrate.policy.default", "refuse"));
        String sql = "/* safemigrate:allow rename-column */ " + RENAME;
        String log = LogCapture.of(() -> assertThat(rule.asWritten(sql)).isTrue());
        assertThat(log).contains("INFO dev.safemigrate.rules.postgres.PolicyRules - [rename-column] " + RENAME_SUBJECT
                + ": allowed by /* safemigrate:allow rename-column */ in the statement. Statement: " + sql)
                .doesNotContain("WARN");
        assertThat(context.decided()).containsExactly("ALLOWED [rename-column] " + RENAME_SUBJECT);
        assertThat(rule.refusal("/* safemigrate:allow drop-column */ " + RENAME).rule()).as("another rule's comment")
                .isEqualTo("rename-column");
    }

    @Test
    void aRefusedStatementLogsNoWarningForItsOtherOperations() throws Exception {
        String sql = "ALTER TABLE users DROP COLUMN legacy, ALTER COLUMN n TYPE bigint";
        String[] message = new String[1];
        String log = LogCapture.of(() -> message[0] = rule.refusal(sql).getMessage());
        assertThat(log).doesNotContain("WARN");
        assertThat(message[0]).contains("[alter-column-type] column n of table app.users (~1000000 rows), integer to bigint")
                .doesNotContain("[drop-column]");
        assertThat(context.decided()).containsExactly(
                "WARNED [drop-column] column legacy of table app.users (~1000000 rows)",
                "REFUSED [alter-column-type] column n of table app.users (~1000000 rows), integer to bigint");
    }

    @Test
    void severalRefusalsAreNamedInOneMessage() throws Exception {
        context.settings(Map.of("safemigrate.policy.default", "refuse"));
        PolicyViolationException e = rule.refusal("ALTER TABLE users DROP COLUMN legacy, ALTER COLUMN n TYPE bigint");
        assertThat(e.rule()).isEqualTo("drop-column");
        assertThat(e.getMessage()).contains("[drop-column] column legacy", "[alter-column-type] column n",
                "/* safemigrate:allow drop-column, alter-column-type */",
                "set safemigrate.policy.dropColumn=warn and safemigrate.policy.alterColumnType=warn"
                        + " (or safemigrate.policy.default=warn).");
    }

    @Test
    void anOperationsOwnSettingBeatsPolicyDefault() throws Exception {
        context.settings(Map.of("safemigrate.policy.default", "refuse", "safemigrate.policy.renameColumn", "warn"));
        assertThat(rule.asWritten(RENAME)).isTrue();
        context.settings(Map.of("safemigrate.policy.default", "warn"));
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN n TYPE bigint")).as("refuse by default, warned").isTrue();
    }

    @Test
    void statementsThatAreNotDdlAreNotLookedAt() throws Exception {
        context.settings(Map.of("safemigrate.policy.default", "refuse"));
        assertThat(rule.asWritten("SELECT 'ALTER TABLE users RENAME COLUMN email TO mail'")).isTrue();
        assertThat(rule.asWritten("UPDATE users SET n = 1")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD COLUMN x int")).as("DDL with nothing dangerous").isTrue();
        assertThat(context.decided()).isEmpty();
    }
}
