package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.IndexUse;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenameColumnExpansionRuleTest {
    private static final String RENAME = "ALTER TABLE users RENAME COLUMN name TO full_name";

    private static ExpansionCatalog expandPolicy() throws SQLException {
        return new ExpansionCatalog("safemigrate.policy.renameColumn", "expand");
    }

    private static RuleHarness rule(ExpansionCatalog catalog) {
        return RuleHarness.postgres(new RenameColumnExpansionRule(), catalog);
    }

    private static ColumnUse withIndexesAndConstraints() {
        ColumnUse plain = ExpansionCatalog.plain("name", true, "'anonymous'::text");
        return new ColumnUse(plain.table(), "app", "users", "text", null, plain.defaultExpression(), true, false, false,
                "display name", false, false,
                List.of(new IndexUse("users_name_idx", "CREATE INDEX users_name_idx ON app.users USING btree (name)",
                                true, false, false, null, ' ', false),
                        new IndexUse("users_name_key", "CREATE UNIQUE INDEX users_name_key ON app.users USING btree (name)",
                                true, true, false, "users_name_key", 'u', false)),
                List.of(new ConstraintFacts("users_name_check", 'c', true, "CHECK ((length(name) < 100))", null),
                        new ConstraintFacts("users_name_key", 'u', true, "UNIQUE (name)", "users_name_key")),
                List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void underPolicyWarnTheRenameIsLeftToThePolicies() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().column("name", ExpansionCatalog.plain("name", false, null));
        assertThat(rule(catalog).asWritten(RENAME)).isTrue();
    }

    @Test
    void theExpandCommentAsksForItWhateverThePolicyAndTheSize() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog().column("name", ExpansionCatalog.plain("name", false, null));
        catalog.rows = 10;
        assertThat(rule(catalog).steps("/* safemigrate:expand */ " + RENAME)).isNotNull();
    }

    @Test
    void aSmallTableIsRenamedAsWrittenUnderThePolicy() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", ExpansionCatalog.plain("name", false, null));
        catalog.rows = 10;
        assertThat(rule(catalog).asWritten(RENAME)).isTrue();
    }

    @Test
    void theExpansionAddsSyncsBackfillsCopiesAndRecordsInThatOrder() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", withIndexesAndConstraints());
        var plan = rule(catalog).plan(RENAME);
        List<String> sql = plan.steps().stream().map(s -> s.sql()).toList();
        assertThat(sql.get(0)).startsWith("CREATE TABLE IF NOT EXISTS \"safemigrate_expansions\"")
                .contains("INSERT INTO \"safemigrate_expansions\"", "'expanding'", "E'ALTER TABLE users RENAME COLUMN name TO full_name'")
                // the contract, recorded now: the triggers and the old column go, the copies take the old names
                .contains("DROP COLUMN \"name\"", "SET DEFAULT ''anonymous''::text",
                        "ALTER INDEX \"app\".\"users_full_name_idx\" RENAME TO \"users_name_idx\"",
                        "ADD CONSTRAINT \"users_name_key\" UNIQUE USING INDEX \"users_full_name_key\"",
                        "RENAME CONSTRAINT \"users_full_name_check\" TO \"users_name_check\"");
        assertThat(sql.get(1)).isEqualTo("ALTER TABLE app.users ADD COLUMN \"full_name\" text;\n"
                + "COMMENT ON COLUMN app.users.\"full_name\" IS E'display name'");
        assertThat(sql.get(2)).contains("CREATE OR REPLACE FUNCTION \"app\".\"safemigrate_sync_",
                "BEFORE INSERT ON app.users", "BEFORE UPDATE OF \"full_name\" ON app.users",
                "BEFORE UPDATE OF \"name\" ON app.users", "IF NEW.\"full_name\" IS NULL THEN NEW.\"full_name\" := NEW.\"name\"");
        assertThat(sql.subList(3, sql.size())).containsExactly(
                "UPDATE app.users SET \"full_name\" = \"name\" WHERE \"full_name\" IS NULL AND \"name\" IS NOT NULL",
                "ALTER TABLE app.users ADD CONSTRAINT \"users_full_name_check\" CHECK ((length(\"full_name\") < 100)) NOT VALID",
                "ALTER TABLE app.users VALIDATE CONSTRAINT \"users_full_name_check\"",
                sql.get(6), sql.get(7), sql.get(8),
                "CREATE INDEX CONCURRENTLY \"users_full_name_idx\" ON app.users USING btree (\"full_name\")",
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_full_name_key\" ON app.users USING btree (\"full_name\")",
                sql.get(11));
        assertThat(sql.get(6)).matches("ALTER TABLE app.users ADD CONSTRAINT \"safemigrate_nn_\\w+\" CHECK \\(\"full_name\""
                + " IS NOT NULL\\) NOT VALID");
        assertThat(sql.get(8)).startsWith("ALTER TABLE app.users ALTER COLUMN \"full_name\" SET NOT NULL;");
        assertThat(sql.get(11)).startsWith("UPDATE \"safemigrate_expansions\" SET status = 'expanded'");
        assertThat(plan.steps().get(3).kind()).isEqualTo(StepKind.BACKFILL);
        assertThat(plan.steps().get(9).kind()).isEqualTo(StepKind.CONCURRENT);
        assertThat(plan.summary()).contains("contract", "DROP COLUMN \"name\"");
    }

    @Test
    void aCopysNameTakenByAnotherObjectGetsASuffix() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", withIndexesAndConstraints());
        catalog.taken.add("users_full_name_idx");
        assertThat(rule(catalog).steps(RENAME))
                .contains("CREATE INDEX CONCURRENTLY \"users_full_name_idx_sm1\" ON app.users USING btree (\"full_name\")");
    }

    @Test
    void aReRunAfterACrashResumesWithoutRedoingWhatIsDone() throws SQLException {
        ColumnUse copied = new ColumnUse("app.users", "app", "users", "text", null, null, false, false, false, null,
                false, false,
                List.of(new IndexUse("users_full_name_idx", "CREATE INDEX users_full_name_idx ON app.users USING btree"
                        + " (full_name)", true, false, false, null, ' ', false),
                        new IndexUse("users_full_name_key", "CREATE UNIQUE INDEX users_full_name_key ON app.users USING"
                                + " btree (full_name)", false, true, false, null, ' ', false)),
                List.of(new ConstraintFacts("users_full_name_check", 'c', true, "CHECK ((length(full_name) < 100))", null)),
                List.of(), List.of(), List.of(), List.of());
        ExpansionCatalog catalog = expandPolicy().column("name", withIndexesAndConstraints()).column("full_name", copied)
                .expansion(4, "expanding");
        catalog.taken.add("users_full_name_idx");
        var plan = rule(catalog).plan(RENAME);
        List<String> sql = plan.steps().stream().map(s -> s.sql()).toList();
        assertThat(plan.summary()).startsWith("resuming expansion 4");
        assertThat(sql).noneMatch(s -> s.contains("INSERT INTO") || s.contains("ADD COLUMN")
                || s.contains("users_full_name_check") || s.contains("users_full_name_idx"));
        assertThat(sql).contains("DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"users_full_name_key\"",
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_full_name_key\" ON app.users USING btree (\"full_name\")");
        assertThat(sql.get(0)).startsWith("CREATE OR REPLACE FUNCTION");
        assertThat(sql.get(1)).startsWith("UPDATE app.users SET \"full_name\"");
    }

    @Test
    void aDoneExpansionSendsNothing() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", ExpansionCatalog.plain("name", false, null))
                .column("full_name", ExpansionCatalog.plain("full_name", false, null)).expansion(2, "expanded");
        assertThat(rule(catalog).steps(RENAME)).isEmpty();
    }

    @Test
    void whatCannotBeCarriedOverIsListedInTheRefusal() throws SQLException {
        ColumnUse used = new ColumnUse("app.users", "app", "users", "text", null, null, false, false, false, null,
                true, false, List.of(), List.of(), List.of("foreign key fk of table app.orders"),
                List.of("rule _RETURN on view app.user_names", "policy p on table app.users"), List.of("audit"),
                List.of("pub"));
        ExpansionCatalog catalog = expandPolicy().column("name", used);
        catalog.primaryKey = false;
        String message = rule(catalog).refusal(RENAME).getMessage();
        assertThat(message).contains("nothing was sent", "no primary key", "column privileges",
                "referenced by foreign key fk of table app.orders", "view app.user_names", "policy p",
                "trigger(s) audit", "publication(s) pub", "/* safemigrate:allow rename-column */");
    }

    @Test
    void anOtherPendingExpansionOnTheColumnIsRefused() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", ExpansionCatalog.plain("name", false, null))
                .expansion(3, "expanded");
        assertThat(rule(catalog).refusal("ALTER TABLE users RENAME COLUMN name TO nick").getMessage())
                .contains("expansion 3", "contract or roll it back first");
    }

    @Test
    void beforePostgres12ItIsRefused() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", ExpansionCatalog.plain("name", false, null));
        catalog.version = 11;
        assertThat(rule(catalog).refusal(RENAME).getMessage()).contains("PostgreSQL 12");
    }

    @Test
    void otherStatementsAndAnAllowedRenameAreLeftAlone() throws SQLException {
        ExpansionCatalog catalog = expandPolicy().column("name", ExpansionCatalog.plain("name", false, null));
        assertThat(rule(catalog).asWritten("ALTER TABLE users RENAME TO people")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users RENAME CONSTRAINT a TO b")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users RENAME COLUMN name TO full_name, ADD COLUMN x int")).isTrue();
        assertThat(rule(catalog).asWritten("/* safemigrate:allow rename-column */ " + RENAME)).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users RENAME COLUMN missing TO other")).isTrue();
    }
}
