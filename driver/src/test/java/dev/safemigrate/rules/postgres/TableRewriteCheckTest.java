package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** VACUUM FULL and CLUSTER under their policies (refuse by default), through {@link PolicyRules}. */
class TableRewriteCheckTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("orders", 20_000)
            .table("tiny", 10).relation("parts", 'p', 0);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void vacuumFullIsRefusedByDefault() {
        assertThat(rule.refusal("VACUUM FULL users").getMessage()).contains("[vacuum-full] table app.users (~1000000 rows)",
                "set safemigrate.policy.vacuumFull=warn");
        assertThat(rule.refusal("CLUSTER users USING users_pkey").getMessage())
                .contains("[cluster] table app.users (~1000000 rows)", "set safemigrate.policy.cluster=warn");
    }

    @Test
    void vacuumFullInEitherSyntax() throws SQLException {
        assertThat(context.found(rule, "VACUUM FULL VERBOSE ANALYZE users (email), tiny, app.orders;")).containsExactly(
                "[vacuum-full] table app.users (~1000000 rows)", "[vacuum-full] table app.orders (~20000 rows)");
        assertThat(context.found(rule, "vacuum (verbose, full) users"))
                .containsExactly("[vacuum-full] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "VACUUM (FULL true, ANALYZE) users"))
                .containsExactly("[vacuum-full] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "VACUUM (FULL, PARALLEL 4) users")).as("other options' values are not read")
                .containsExactly("[vacuum-full] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "VACUUM (FULL 'on') users"))
                .containsExactly("[vacuum-full] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "VACUUM FREEZE FULL parts"))
                .as("a partitioned table counts as big").containsExactly("[vacuum-full] table app.parts (~0 rows)");
        assertThat(context.found(rule, "VACUUM FULL")).containsExactly("[vacuum-full] every table of the database");
    }

    @Test
    void clusterInEveryForm() throws SQLException {
        assertThat(context.found(rule, "CLUSTER VERBOSE users USING users_pkey"))
                .containsExactly("[cluster] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "CLUSTER (VERBOSE) users")).containsExactly("[cluster] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "CLUSTER users_pkey ON users"))
                .as("the pre-8.3 form names the index first").containsExactly("[cluster] table app.users (~1000000 rows)");
        assertThat(context.found(rule, "CLUSTER")).containsExactly("[cluster] every table of the database clustered before");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "VACUUM users",
            "VACUUM ANALYZE users",
            "VACUUM (FULL false) users",
            "VACUUM (FULL off, VERBOSE) users",
            "VACUUM (FULL maybe) users",           // not understood
            "VACUUM FULL users,",                  // not understood
            "VACUUM FULL tiny",                    // below rewrite.minRows
            "VACUUM FULL missing",
            "CLUSTER tiny",
            "CLUSTER users USING",                 // not understood
            "CLUSTER users something",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoOtherSessionSeesAreNotFound() throws SQLException {
        context.created.add("users");
        context.temporaryTable("scratch", 1_000_000);
        assertThat(context.found(rule, "VACUUM FULL users, scratch")).isEmpty();
        assertThat(context.found(rule, "CLUSTER scratch")).isEmpty();
    }
}
