package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD … EXCLUDE under {@code safemigrate.policy.exclusionConstraint} (refuse by default), through {@link PolicyRules}. */
class ExclusionConstraintCheckTest {
    private final FakeContext context = new FakeContext().table("bookings", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 0);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void refusedByDefault() {
        assertThat(rule.refusal("ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)")
                .getMessage()).contains("[exclusion-constraint] exclusion constraint no_overlap on table app.bookings"
                + " (~1000000 rows)", "set safemigrate.policy.exclusionConstraint=warn");
    }

    @Test
    void everyExcludeActionIsFound() throws SQLException {
        assertThat(context.found(rule, "ALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&),"
                + " ADD CONSTRAINT \"No Overlap\" EXCLUDE (room WITH =), ADD COLUMN n int")).containsExactly(
                "[exclusion-constraint] exclusion constraint on table app.bookings (~1000000 rows)",
                "[exclusion-constraint] exclusion constraint \"No Overlap\" on table app.bookings (~1000000 rows)");
        assertThat(context.found(rule, "ALTER TABLE parts ADD EXCLUDE (room WITH =)"))
                .as("a partitioned table counts as big")
                .containsExactly("[exclusion-constraint] exclusion constraint on table app.parts (~0 rows)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE tiny ADD EXCLUDE (room WITH =)",        // below rewrite.minRows
            "ALTER TABLE missing ADD EXCLUDE (room WITH =)",
            "ALTER TABLE bookings ADD CONSTRAINT c CHECK (room > 0)",
            "ALTER TABLE bookings DROP CONSTRAINT no_overlap",
            "CREATE TABLE b (room int, EXCLUDE (room WITH =))",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoOtherSessionSeesAreNotFound() throws SQLException {
        context.created.add("bookings");
        assertThat(context.found(rule, "ALTER TABLE bookings ADD EXCLUDE (room WITH =)")).isEmpty();
    }
}
