package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.TableUse;
import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenameTableExpansionRuleTest {
    private static final String RENAME = "ALTER TABLE users RENAME TO people";

    private static ExpansionCatalog catalog() throws SQLException {
        return new ExpansionCatalog("safemigrate.policy.renameTable", "expand");
    }

    @Test
    void theRenameTheViewItsGrantsAndTheRecordAreOneAtomicStep() throws SQLException {
        List<String> steps = RuleHarness.postgres(new RenameTableExpansionRule(), catalog()).steps(RENAME);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0)).contains("INSERT INTO \"safemigrate_expansions\"", "E'rename-table'",
                "ALTER TABLE \"app\".\"users\" RENAME TO \"people\";\nCREATE VIEW \"app\".\"users\" AS SELECT * FROM"
                        + " \"app\".\"people\"", "GRANT SELECT ON \"app\".\"users\" TO reader",
                "SET status = 'expanded'");
    }

    @Test
    void rowSecurityAndPublicationsAreRefused() throws SQLException {
        ExpansionCatalog catalog = catalog();
        catalog.tableUse = new TableUse(true, List.of(), List.of("pub"));
        assertThat(RuleHarness.postgres(new RenameTableExpansionRule(), catalog).refusal(RENAME).getMessage())
                .contains("row-level security", "publication(s) pub", "nothing was sent");
    }

    @Test
    void aDoneExpansionSendsNothingAndOtherPoliciesLeaveItAlone() throws SQLException {
        assertThat(RuleHarness.postgres(new RenameTableExpansionRule(), catalog().tableRename(3)).steps(RENAME)).isEmpty();
        assertThat(RuleHarness.postgres(new RenameTableExpansionRule(), new ExpansionCatalog()).asWritten(RENAME)).isTrue();
    }

    @Test
    void dropViewContractsRenamingBackRollsBackAndOtherRenamesAreRefused() throws SQLException {
        RuleHarness end = RuleHarness.postgres(new ExpansionEndRule(), catalog().tableRename(3));
        assertThat(end.steps("DROP VIEW users").get(0)).startsWith("DROP VIEW \"app\".\"users\";\nUPDATE")
                .contains("E'contracted'");
        assertThat(end.steps("ALTER TABLE people RENAME TO users").get(0)).contains("RENAME TO \"users\"", "E'rolled back'");
        assertThat(end.refusal("ALTER TABLE people RENAME TO persons").getMessage()).contains("Contract it first");
        assertThat(end.refusal("DROP VIEW users CASCADE").getMessage()).contains("alone");
        assertThat(end.asWritten(RENAME)).isTrue();
    }
}
