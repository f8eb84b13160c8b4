package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** TRUNCATE under {@code safemigrate.policy.truncate} (warn by default), through {@link PolicyRules}. */
class TruncateCheckTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("orders", 3)
            .relation("parts", 'p', 0);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void everyTableThatExistsIsFound() throws SQLException {
        assertThat(context.found(rule, "TRUNCATE users")).containsExactly("[truncate] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "truncate table only users, missing, app.orders, parts restart identity cascade;"))
                .containsExactly(
                        "[truncate] table app.users (~1000000 rows), CASCADE also empties every table that references it",
                        "[truncate] table app.orders (~3 rows), CASCADE also empties every table that references it",
                        "[truncate] table app.parts (~0 rows), CASCADE also empties every table that references it");
    }

    @Test
    void warnedByDefaultAndRefusedWhenTheSettingSaysSo() throws Exception {
        context.decisions.clear();
        assertThat(rule.asWritten("TRUNCATE users")).isTrue();
        assertThat(context.decided()).containsExactly("WARNED [truncate] table app.users (~1000000 rows)");
        context.settings(Map.of("safemigrate.policy.truncate", "refuse"));
        assertThat(rule.refusal("TRUNCATE users").getMessage()).contains("[truncate] table app.users (~1000000 rows)",
                "set safemigrate.policy.truncate=warn");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "TRUNCATE missing",
            "DELETE FROM users",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoRunningCodeUsesYetAreNotFound() throws SQLException {
        context.created.add("users");
        context.temporaryTable("scratch", 1_000_000);
        assertThat(context.found(rule, "TRUNCATE users, scratch")).isEmpty();
    }
}
