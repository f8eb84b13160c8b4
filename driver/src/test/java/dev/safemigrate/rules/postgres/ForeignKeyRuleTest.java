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

/** ADD FOREIGN KEY → NOT VALID, then VALIDATE in its own transaction; re-runs; what is left as written. */
class ForeignKeyRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("teams", 50)
            .table("tiny", 10).relation("parts", 'p', 1_000_000);
    private final RuleHarness rule = RuleHarness.postgres(new ForeignKeyRule(), context);

    @Test
    void aNamedForeignKeyIsAddedNotValidThenValidated() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID;",
                "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"users_team_fk\"");
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.LOCKING, StepKind.OWN_TRANSACTION);
        assertThat(plan.steps().get(1).failureNote()).contains("was added NOT VALID and stays",
                "ALTER TABLE \"app\".\"users\" DROP CONSTRAINT \"users_team_fk\"");
        assertThat(plan.summary()).contains("foreign key users_team_fk NOT VALID", "table app.users, ~1000000 rows");
        assertThat(plan.needsAutocommit()).isTrue();
    }

    @Test
    void theReferencedTableNeedNotBeBigAndEverythingWrittenIsKept() throws SQLException {
        assertThat(rule.steps("alter table if exists public.users add constraint \"Team FK\" foreign key (team_id)"
                + " references app.teams match full on delete set null (team_id) on update cascade /* end */"))
                .containsExactly("alter table if exists public.users add constraint \"Team FK\" foreign key (team_id)"
                                + " references app.teams match full on delete set null (team_id) on update cascade NOT VALID /* end */",
                        "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"Team FK\"");
    }

    @Test
    void anUnnamedForeignKeyIsValidatedByTheNamePostgreSqlGivesIt() throws SQLException {
        RewritePlan plan = rule.plan("ALTER TABLE users ADD FOREIGN KEY (team_id) REFERENCES teams");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "ALTER TABLE users ADD FOREIGN KEY (team_id) REFERENCES teams NOT VALID",
                "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT <the name PostgreSQL gave it>");
        Step validate = plan.steps().get(1);
        assertThat(validate.kind()).isEqualTo(StepKind.OWN_TRANSACTION);
        assertThat(validate.deferred()).as("the name is read after the NOT VALID step").isNotNull();
        assertThat(validate.failureNote()).contains("the constraint named in the message");
        assertThat(plan.summary()).startsWith("adding the new foreign key NOT VALID");
    }

    @Test
    void aValidatedTwinIsANoOpAndANotValidOneIsOnlyValidated() throws SQLException {
        context.constraint("users", 'f', "users_team_fk", true, "FOREIGN KEY (team_id) REFERENCES teams(id)");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams(id)"))
                .isEmpty();
        assertThat(rule.steps("ALTER TABLE users ADD FOREIGN KEY (team_id) REFERENCES teams(id)"))
                .as("unnamed, the same definition: nothing to do").isEmpty();

        context.constraints.clear();
        context.constraint("users", 'f', "users_team_fk", false, "FOREIGN KEY (team_id) REFERENCES teams(id) NOT VALID");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams(id)"))
                .containsExactly("ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"users_team_fk\"");
    }

    @Test
    void aClashingConstraintOfTheSameNameIsLeftToPostgreSqlToReport() throws SQLException {
        context.constraint("users", 'f', "users_team_fk", true, "FOREIGN KEY (owner_id) REFERENCES teams(id)");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams(id)"))
                .containsExactly("ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams(id) NOT VALID",
                        "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"users_team_fk\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID", // already safe
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) DEFERRABLE",
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) INITIALLY DEFERRED",
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) MATCH PARTIAL",
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SOMETHING",
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES no_such (id)",  // PostgreSQL reports it
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES parts (id)",    // partitioned referenced
            "ALTER TABLE ONLY users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)",
            "ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id), ADD COLUMN x int",
            "ALTER TABLE users ADD CONSTRAINT app.fk FOREIGN KEY (team_id) REFERENCES teams (id)", // qualified name
            "ALTER TABLE users ADD CONSTRAINT fk CHECK (team_id > 0)",                             // the check rule's
            "ALTER TABLE users ADD COLUMN team_id int REFERENCES teams (id)",                      // a column constraint
            "ALTER TABLE users VALIDATE CONSTRAINT fk",
            "ALTER TABLE tiny ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)",      // small table
            "ALTER TABLE parts ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)",     // partitioned
            "ALTER TABLE no_such ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)",   // PostgreSQL reports it
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(rule.asWritten(sql)).isTrue();
    }

    @Test
    void tablesNoOtherSessionSeesKeepTheStatement() throws SQLException {
        context.created.add("users");
        assertThat(rule.asWritten("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)")).isTrue();
        context.temporaryTable("scratch", 1_000_000);
        assertThat(rule.asWritten("ALTER TABLE scratch ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)")).isTrue();
    }

    @Test
    void rewriteMinRowsDecidesWhatIsSmall() throws SQLException {
        context.settings(java.util.Map.of("safemigrate.rewrite.minRows", "5"));
        assertThat(rule.steps("ALTER TABLE tiny ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)")).hasSize(2);
        context.settings(java.util.Map.of("safemigrate.rewrite.minRows", "2000000"));
        assertThat(rule.asWritten("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id)")).isTrue();
    }
}
