package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DROP TABLE and DROP [COLUMN] under their policies (warn by default), through {@link PolicyRules}. */
class DropCheckTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("orders", 5)
            .relation("parts", 'p', 0).relation("v_users", 'v', 0)
            .column("users", "legacy", "text", -1, "text", false)
            .column("users", "old", "int4", -1, "integer", false)
            .column("users", "Mixed Case", "int4", -1, "integer", false);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void droppedTablesAreFoundWhateverTheirSize() throws SQLException {
        assertThat(context.found(rule, "DROP TABLE users"))
                .containsExactly("[drop-table] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "drop table if exists users, missing, app.orders, parts cascade;")).containsExactly(
                "[drop-table] table app.users (~1000000 rows), CASCADE also drops the views and foreign keys that depend on it",
                "[drop-table] table app.orders (~5 rows), CASCADE also drops the views and foreign keys that depend on it",
                "[drop-table] table app.parts (~0 rows), CASCADE also drops the views and foreign keys that depend on it");
        assertThat(context.found(rule, "DROP TABLE users RESTRICT"))
                .containsExactly("[drop-table] table app.users (~1000000 rows)");
    }

    @Test
    void droppedColumnsThatExistAreFound() throws SQLException {
        assertThat(context.found(rule, "ALTER TABLE users DROP COLUMN legacy"))
                .containsExactly("[drop-column] column legacy of table app.users (~1000000 rows)");
        assertThat(context.found(rule, "ALTER TABLE users DROP legacy CASCADE, DROP COLUMN IF EXISTS missing,"
                + " DROP CONSTRAINT users_pkey, DROP \"Mixed Case\" RESTRICT, ADD COLUMN n int")).containsExactly(
                "[drop-column] column legacy of table app.users (~1000000 rows), CASCADE also drops the views and"
                        + " constraints that use it",
                "[drop-column] column \"Mixed Case\" of table app.users (~1000000 rows)");
    }

    @Test
    void warnedByDefaultAndRefusedWhenTheSettingSaysSo() throws Exception {
        context.decisions.clear();
        assertThat(rule.asWritten("ALTER TABLE users DROP COLUMN old")).isTrue();
        assertThat(context.decided()).containsExactly("WARNED [drop-column] column old of table app.users (~1000000 rows)");
        context.settings(Map.of("safemigrate.policy.dropTable", "refuse"));
        assertThat(rule.refusal("DROP TABLE users").rule()).isEqualTo("drop-table");
        assertThat(rule.asWritten("ALTER TABLE users DROP COLUMN old")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE IF EXISTS missing",
            "DROP TABLE missing",                          // PostgreSQL reports it
            "DROP TABLE v_users",                          // PostgreSQL refuses: a view
            "DROP VIEW v_users",
            "DROP INDEX users_idx",
            "ALTER TABLE users DROP COLUMN missing",       // PostgreSQL reports it
            "ALTER TABLE users DROP CONSTRAINT legacy",
            "ALTER TABLE users ALTER COLUMN legacy DROP NOT NULL",
            "ALTER TABLE users ALTER COLUMN legacy DROP DEFAULT",
            "ALTER TABLE users DROP COLUMN legacy something",
            "ALTER TABLE v_users DROP COLUMN legacy",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoRunningCodeUsesYetAreNotFound() throws SQLException {
        context.created.add("users");
        assertThat(context.found(rule, "DROP TABLE users")).isEmpty();
        assertThat(context.found(rule, "ALTER TABLE users DROP COLUMN legacy")).isEmpty();
        context.temporaryTable("scratch", 1_000_000);
        assertThat(context.found(rule, "DROP TABLE scratch")).isEmpty();
    }
}
