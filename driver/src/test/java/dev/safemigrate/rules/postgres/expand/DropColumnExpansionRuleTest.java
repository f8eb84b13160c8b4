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

class DropColumnExpansionRuleTest {
    private static final String DROP = "ALTER TABLE users DROP COLUMN nickname";

    private static ExpansionCatalog catalog(String... settings) throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog(settings.length == 0
                ? new String[] {"safemigrate.policy.dropColumn", "expand"} : settings);
        catalog.column("nickname", ExpansionCatalog.plain("nickname", true, null));
        ColumnUse id = ExpansionCatalog.plain("id", true, null);
        catalog.column("id", new ColumnUse(id.table(), "app", "users", "bigint", null, null, true, false, false, null,
                false, false, List.of(new IndexUse("users_pkey", "CREATE UNIQUE INDEX users_pkey ON app.users USING"
                + " btree (id)", true, true, true, "users_pkey", 'p', false)), List.of(), List.of(), List.of(),
                List.of(), List.of()));
        return catalog;
    }

    private static RuleHarness rule(ExpansionCatalog catalog) {
        return RuleHarness.postgres(new DropColumnExpansionRule(), catalog);
    }

    @Test
    void aDropBecomesAnArchiveKeptCurrentByATriggerACopyInBatchesAndANullableColumn() throws SQLException {
        var plan = rule(catalog()).plan(DROP);
        List<String> sql = plan.steps().stream().map(s -> s.sql()).toList();
        assertThat(sql).hasSize(5);
        assertThat(sql.get(0)).contains("INSERT INTO \"safemigrate_expansions\"", "E'drop-column'", "E'nickname'",
                "E'users_sm_archive_nickname'", "ALTER TABLE app.users DROP COLUMN \"nickname\"'",
                "DROP TABLE IF EXISTS \"app\".\"users_sm_archive_nickname\"'");
        assertThat(sql.get(1)).startsWith("CREATE TABLE IF NOT EXISTS \"app\".\"users_sm_archive_nickname\" (\"id\""
                + " bigint NOT NULL, \"nickname\" text, PRIMARY KEY (\"id\"))");
        assertThat(sql.get(2)).contains("INSERT INTO \"app\".\"users_sm_archive_nickname\" (\"id\", \"nickname\")"
                + " VALUES (NEW.\"id\", NEW.\"nickname\") ON CONFLICT (\"id\") DO UPDATE SET \"nickname\" ="
                + " EXCLUDED.\"nickname\"", "DROP TRIGGER IF EXISTS", "AFTER INSERT OR UPDATE OF \"nickname\", \"id\""
                + " ON app.users FOR EACH ROW EXECUTE FUNCTION \"app\".\"safemigrate_archive_");
        assertThat(plan.steps().get(2).kind()).isEqualTo(StepKind.LOCKING);
        assertThat(sql.get(3)).isEqualTo("INSERT INTO \"app\".\"users_sm_archive_nickname\" (\"id\", \"nickname\")"
                + " SELECT \"id\", \"nickname\" FROM app.users ON CONFLICT (\"id\") DO NOTHING");
        assertThat(plan.steps().get(3).kind()).isEqualTo(StepKind.BACKFILL);
        assertThat(sql.get(4)).startsWith("ALTER TABLE app.users ALTER COLUMN \"nickname\" DROP NOT NULL;\nUPDATE")
                .contains("SET status = 'expanded'");
        assertThat(plan.summary()).contains("/* safemigrate:contract */ ALTER TABLE app.users DROP COLUMN \"nickname\"");
    }

    @Test
    void aNullableColumnOrOneWithADefaultKeepsItsNotNull() throws SQLException {
        ExpansionCatalog catalog = catalog();
        catalog.column("nickname", ExpansionCatalog.plain("nickname", true, "''::text"));
        assertThat(rule(catalog).steps(DROP).get(4)).startsWith("UPDATE");
    }

    @Test
    void theDirectiveAsksForItWhateverThePolicyAndAllowOrAnotherPolicyLeaveItAlone() throws SQLException {
        ExpansionCatalog warn = catalog("safemigrate.policy.dropColumn", "warn");
        assertThat(rule(warn).asWritten(DROP)).isTrue();
        assertThat(rule(warn).steps("/* safemigrate:expand */ " + DROP)).hasSize(5);
        assertThat(rule(catalog()).asWritten("/* safemigrate:allow drop-column */ " + DROP)).isTrue();
        assertThat(rule(catalog()).asWritten(DROP + " CASCADE")).isTrue();
        assertThat(rule(catalog()).asWritten(DROP + ", ADD COLUMN x int")).isTrue();
        assertThat(rule(catalog()).asWritten("ALTER TABLE users DROP COLUMN missing")).isTrue();
        assertThat(rule(catalog()).asWritten("ALTER TABLE elsewhere DROP COLUMN nickname")).isTrue();
    }

    @Test
    void theSizeOfTheTableDoesNotMatter() throws SQLException {
        ExpansionCatalog small = catalog();
        small.rows = 3;
        assertThat(rule(small).steps(DROP)).hasSize(5);
    }

    @Test
    void whatCannotBeArchivedIsRefusedAndNothingIsSent() throws SQLException {
        ExpansionCatalog noKey = catalog();
        noKey.primaryKey = false;
        assertThat(rule(noKey).refusal(DROP).getMessage()).contains("no primary key", "nothing was sent",
                "/* safemigrate:allow drop-column */");
        assertThat(rule(catalog()).refusal("ALTER TABLE users DROP COLUMN id").getMessage())
                .contains("in the primary key");
        ExpansionCatalog used = catalog();
        ColumnUse p = ExpansionCatalog.plain("nickname", false, null);
        used.column("nickname", new ColumnUse(p.table(), "app", "users", "text", null, null, false, false, false, null,
                false, false, List.of(), List.of(), List.of("constraint x of table app.other"),
                List.of("view app.v"), List.of(), List.of()));
        assertThat(rule(used).refusal(DROP).getMessage()).contains("referenced by constraint x", "used by view app.v");
        ExpansionCatalog old = catalog();
        old.version = 11;
        assertThat(rule(old).refusal(DROP).getMessage()).contains("PostgreSQL 12");
        ExpansionCatalog taken = catalog();
        taken.taken.add("users_sm_archive_nickname");
        assertThat(rule(taken).refusal(DROP).getMessage()).contains("users_sm_archive_nickname is taken");
    }

    @Test
    void aDoneExpansionSendsNothingAndAResumedOneSkipsTheRecordWhateverThePolicy() throws SQLException {
        ExpansionCatalog done = catalog().drop(4, "expanded");
        var plan = rule(done).plan(DROP);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.summary()).contains("done already", "/* safemigrate:contract */");

        ExpansionCatalog crashed = catalog("safemigrate.policy.dropColumn", "warn").drop(4, "expanding");
        plan = rule(crashed).plan(DROP);
        assertThat(plan.summary()).startsWith("resuming expansion 4");
        assertThat(plan.steps().get(0).sql()).startsWith("CREATE TABLE IF NOT EXISTS");
        assertThat(plan.steps()).hasSize(4);
    }

    @Test
    void aContractOrRollbackWithoutAPendingExpansionIsRefused() throws SQLException {
        assertThat(rule(catalog()).refusal("/* safemigrate:contract */ " + DROP).getMessage())
                .contains("no pending drop-column expansion");
        assertThat(rule(catalog()).asWritten("/* safemigrate:contract */ ALTER TABLE users DROP COLUMN gone")).isTrue();
    }

    @Test
    void theArchiveNameFitsInSixtyThreeBytesAndStaysDistinct() {
        assertThat(DropColumnExpansionRule.archiveTable("users", "nickname")).isEqualTo("users_sm_archive_nickname");
        String a = DropColumnExpansionRule.archiveTable("t".repeat(40), "c".repeat(40) + "a");
        String b = DropColumnExpansionRule.archiveTable("t".repeat(40), "c".repeat(40) + "b");
        assertThat(a.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(a).isNotEqualTo(b).startsWith("tttt");
    }

    @Test
    void theKeyColumnsAreReadFromThePrimaryKeysDefinition() {
        assertThat(DropColumnExpansionRule.primaryKey(List.of(new ConstraintFacts("k", 'p', true,
                "PRIMARY KEY (tenant, \"Id\")", "k")))).containsExactly("tenant", "Id");
        assertThat(DropColumnExpansionRule.primaryKey(List.of())).isEmpty();
    }
}
