package dev.safemigrate.execution;

import dev.safemigrate.config.Setting;
import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.CopyFallback.Choice;
import dev.safemigrate.rules.LogCapture;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.mysql.OnlineDdlRule;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's half of a copy fallback, without a server: what each decided choice logs or throws once the
 * server has refused every online form, and that the server's own reason reaches the user.
 */
class CopyFallbackStepTest {
    private static final String SQL = "ALTER TABLE users MODIFY id bigint";
    private static final SQLException SERVER = new SQLException(
            "ALGORITHM=INPLACE is not supported. Reason: Cannot change column type. Try ALGORITHM=COPY", "0A000", 1846);

    private final RewritePlan plan = new RewritePlan(new OnlineDdlRule(),
            new StatementClassifier(Dialect.MYSQL).parse(SQL).first(), List.of(), "online");

    private static CopyFallback fallback(Choice choice) {
        return new CopyFallback("alter-column-type", Setting.POLICY_COPYING_ALTER, SQL,
                "table `test`.`users` (~1000000 rows)", choice,
                List.of("ALGORITHM=INSTANT", "ALGORITHM=INPLACE, LOCK=NONE"), "add a new column and backfill it", null);
    }

    @Test
    void refuseThrowsSm001WithTheServersReasonTheRecipeAndHowToAllowIt() {
        assertThatThrownBy(() -> CopyFallbackStep.apply(plan, fallback(Choice.REFUSE), SERVER))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageStartingWith("safemigrate refused " + SQL + " — nothing was changed. [alter-column-type]"
                        + " the server cannot run it online (tried ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE;"
                        + " it answered: " + SERVER.getMessage() + ")")
                .hasMessageContaining("Safe way: add a new column and backfill it.")
                .hasMessageContaining("/* safemigrate:allow alter-column-type */")
                .hasMessageContaining(Setting.POLICY_COPYING_ALTER.key() + "=warn")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM001"));
    }

    @Test
    void warnLogsTheRiskAndRecipeAndReturnsSoTheStatementRunsAsWritten() throws Exception {
        String log = LogCapture.of(() -> CopyFallbackStep.apply(plan, fallback(Choice.WARN), SERVER));

        assertThat(log).contains("WARN " + OnlineDdlRule.class.getName())
                .contains("[alter-column-type] the server cannot run it online")
                .contains("it answered: " + SERVER.getMessage())
                .contains("Safe way: add a new column and backfill it")
                .contains(Setting.POLICY_COPYING_ALTER.key() + "=warn")
                .contains("Statement: " + SQL);
    }

    @ParameterizedTest
    @EnumSource(value = Choice.class, names = {"SMALL", "ALLOWED"})
    void smallOrAllowedLogsAtInfoOnly(Choice choice) throws Exception {
        String log = LogCapture.of(() -> CopyFallbackStep.apply(plan, fallback(choice), SERVER));

        assertThat(log).contains("INFO " + OnlineDdlRule.class.getName())
                .contains("table `test`.`users` (~1000000 rows) cannot change online (" + SERVER.getMessage() + ")")
                .doesNotContain("WARN");
    }

    @Test
    void withoutAServerAnswerTheReasonSaysNoOnlineForm() {
        assertThatThrownBy(() -> CopyFallbackStep.apply(plan, fallback(Choice.REFUSE), null))
                .hasMessageContaining("it answered: no online form)");
    }
}
