package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ExpansionEndRuleTest {

    private static RuleHarness rule(ExpansionCatalog catalog) {
        return RuleHarness.postgres(new ExpansionEndRule(), catalog);
    }

    @Test
    void droppingTheOldColumnOfAnExpandedRenameIsItsContractInOneStep() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().expansion(7, "expanded");
        var plan = rule(catalog).plan("ALTER TABLE users DROP COLUMN name");
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.steps().get(0).sql()).isEqualTo("DROP TRIGGER … ; ALTER TABLE app.users DROP COLUMN \"name\";\n"
                + "UPDATE \"safemigrate_expansions\" SET status = E'contracted', finished_at = now() WHERE id = 7"
                + " AND status IN ('expanding', 'expanded')");
        assertThat(plan.summary()).contains("contracting expansion 7", "2 h old");
        assertThat(rule(catalog).steps("ALTER TABLE users DROP COLUMN IF EXISTS name RESTRICT")).hasSize(1);
    }

    @Test
    void anUnfinishedExpansionIsNotContracted() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().expansion(7, "expanding");
        assertThat(rule(catalog).refusal("ALTER TABLE users DROP COLUMN name").getMessage())
                .contains("not finished", "Re-run its statement", "safemigrate rollback 7");
    }

    @Test
    void renamingBackOrDroppingTheNewColumnRollsBack() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().expansion(7, "expanding");
        assertThat(rule(catalog).steps("ALTER TABLE users RENAME COLUMN full_name TO name").get(0))
                .endsWith("SET status = E'rolled back', finished_at = now() WHERE id = 7 AND status IN ('expanding', 'expanded')");
        assertThat(rule(catalog).steps("ALTER TABLE users DROP COLUMN full_name")).hasSize(1);
    }

    @Test
    void anyOtherChangeToEitherColumnIsRefusedWhileItIsPending() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().expansion(7, "expanded");
        for (String sql : new String[] {"ALTER TABLE users DROP COLUMN name CASCADE",
                "ALTER TABLE users ALTER COLUMN full_name TYPE varchar(20)", "ALTER TABLE users RENAME name TO nick",
                "ALTER TABLE users DROP COLUMN name, ADD COLUMN x int"}) {
            assertThat(rule(catalog).refusal(sql).getMessage()).as(sql).contains("expansion 7", "Contract it first");
        }
    }

    @Test
    void statementsThatDoNotTouchItsColumnsAndTheExpansionsOwnStatementPass() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().expansion(7, "expanded");
        assertThat(rule(catalog).asWritten("ALTER TABLE users ADD COLUMN age int")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users DROP COLUMN age")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users DROP CONSTRAINT name")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users RENAME COLUMN name TO full_name")).isTrue();
        assertThat(rule(new ExpansionCatalog()).asWritten("ALTER TABLE users DROP COLUMN name")).isTrue();
    }

    @Test
    void aDropColumnExpansionEndsOnlyByTheMarkedDropAndItsOwnStatementPassesToItsRule() throws SQLException {
        ExpansionCatalog done = new ExpansionCatalog().drop(9, "expanded");
        String drop = "ALTER TABLE users DROP COLUMN nickname";
        assertThat(rule(done).asWritten(drop)).isTrue();
        assertThat(rule(done).steps("/* safemigrate:contract */ " + drop).get(0))
                .startsWith("DROP TRIGGER …; ALTER TABLE app.users DROP COLUMN \"nickname\";")
                .endsWith("SET status = E'contracted', finished_at = now() WHERE id = 9 AND status IN ('expanding', 'expanded')");
        assertThat(rule(done).plan("/* safemigrate:rollback */ " + drop).summary()).contains("archive", "stays");
        assertThat(rule(done).refusal("/* safemigrate:contract */ /* safemigrate:rollback */ " + drop).getMessage())
                .contains("both");
        assertThat(rule(done).refusal("ALTER TABLE users ALTER COLUMN nickname TYPE varchar(9)").getMessage())
                .contains("expansion 9", "/* safemigrate:contract */ ALTER TABLE \"app\".\"users\" DROP COLUMN"
                        + " \"nickname\"", "/* safemigrate:rollback */");
        ExpansionCatalog running = new ExpansionCatalog().drop(9, "expanding");
        assertThat(rule(running).refusal("/* safemigrate:contract */ " + drop).getMessage()).contains("not finished");
        assertThat(rule(running).steps("/* safemigrate:rollback */ " + drop)).hasSize(1);
    }
}
