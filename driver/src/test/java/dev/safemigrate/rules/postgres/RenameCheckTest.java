package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** RENAME [COLUMN] a TO b and RENAME TO u under their policies (warn by default), through {@link PolicyRules}. */
class RenameCheckTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 1)
            .relation("parts", 'p', 0).relation("v_users", 'v', 0);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void renamesAreFoundWhateverTheTablesSize() throws SQLException {
        assertThat(context.found(rule, "ALTER TABLE users RENAME COLUMN email TO mail"))
                .containsExactly("[rename-column] column email of table app.users renamed to mail");
        assertThat(context.found(rule, "alter table if exists only tiny rename \"E Mail\" to \"Mail\""))
                .containsExactly("[rename-column] column \"E Mail\" of table app.tiny renamed to \"Mail\"");
        assertThat(context.found(rule, "ALTER TABLE users RENAME TO people;"))
                .containsExactly("[rename-table] table app.users renamed to people");
        assertThat(context.found(rule, "ALTER TABLE parts RENAME TO parts_old"))
                .containsExactly("[rename-table] table app.parts renamed to parts_old");
    }

    @Test
    void warnedByDefaultAndRefusedWhenTheSettingSaysSo() throws Exception {
        context.decisions.clear();
        assertThat(rule.asWritten("ALTER TABLE users RENAME TO people")).isTrue();
        assertThat(context.decided()).containsExactly("WARNED [rename-table] table app.users renamed to people");
        context.settings(java.util.Map.of("safemigrate.policy.renameTable", "refuse"));
        assertThat(rule.refusal("ALTER TABLE users RENAME TO people").getMessage())
                .contains("set safemigrate.policy.renameTable=warn");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users RENAME CONSTRAINT a TO b",
            "ALTER TABLE users RENAME COLUMN a TO b, ADD COLUMN c int",   // not understood: as written
            "ALTER TABLE users RENAME COLUMN a TO b CASCADE",
            "ALTER TABLE v_users RENAME COLUMN a TO b",                   // a view
            "ALTER TABLE no_such RENAME COLUMN a TO b",                   // PostgreSQL reports it
            "ALTER INDEX users_idx RENAME TO people_idx",
            "ALTER VIEW v_users RENAME TO v_people",
            "ALTER TABLE users ADD COLUMN rename int",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoRunningCodeUsesYetAreNotFound() throws SQLException {
        context.created.add("users");
        assertThat(context.found(rule, "ALTER TABLE users RENAME COLUMN email TO mail")).isEmpty();
        context.temporaryTable("scratch", 1_000_000);
        assertThat(context.found(rule, "ALTER TABLE scratch RENAME TO scratch2")).isEmpty();
    }
}
