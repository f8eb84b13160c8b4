package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlterColumnTypeExpansionRuleTest {
    private static final String WIDEN = "ALTER TABLE users ALTER COLUMN amount TYPE bigint";

    private static ExpansionCatalog catalog() throws SQLException {
        ExpansionCatalog catalog = new ExpansionCatalog("safemigrate.policy.alterColumnType", "expand");
        catalog.columnFacts.put("amount", new ColumnFacts(true, "int4", -1, "integer", 0, 0, true));
        catalog.assignable.add("integer->bigint");
        ColumnUse plain = ExpansionCatalog.plain("amount", true, "0");
        catalog.column("amount", new ColumnUse(plain.table(), "app", "users", "integer", null, "0", true, false, false,
                null, false, false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        return catalog;
    }

    private static RuleHarness rule(ExpansionCatalog catalog) {
        return RuleHarness.postgres(new AlterColumnTypeExpansionRule(), catalog);
    }

    @Test
    void aRewritingTypeChangeBecomesAShadowColumnBatchesAndOneAtomicSwap() throws SQLException {
        var plan = rule(catalog()).plan(WIDEN);
        List<String> sql = plan.steps().stream().map(s -> s.sql()).toList();
        assertThat(sql.get(0)).contains("INSERT INTO \"safemigrate_expansions\"", "E'alter-column-type'",
                "E'amount_sm_old'", "ALTER TABLE app.users DROP COLUMN \"amount_sm_old\"");
        assertThat(sql.get(1)).isEqualTo("ALTER TABLE app.users ADD COLUMN \"amount_sm_new\" bigint");
        assertThat(sql.get(2)).contains("NEW.\"amount_sm_new\" := (SELECT \"amount\" FROM (SELECT NEW.*) AS safemigrate_row)",
                "BEFORE INSERT OR UPDATE ON app.users");
        assertThat(sql.get(3)).isEqualTo("UPDATE app.users SET \"amount_sm_new\" = \"amount\"");
        assertThat(plan.steps().get(3).kind()).isEqualTo(StepKind.BACKFILL);
        String swap = sql.get(sql.size() - 1);
        assertThat(swap).startsWith("DROP TRIGGER IF EXISTS").contains(
                "RENAME COLUMN \"amount\" TO \"amount_sm_old\"", "RENAME COLUMN \"amount_sm_new\" TO \"amount\"",
                "ALTER COLUMN \"amount_sm_old\" DROP NOT NULL", "ALTER COLUMN \"amount\" SET DEFAULT 0",
                "SET status = 'expanded'");
        assertThat(plan.steps().get(sql.size() - 1).kind()).isEqualTo(StepKind.LOCKING);
        assertThat(plan.summary()).contains("DROP COLUMN \"amount_sm_old\"");
    }

    @Test
    void aSerialPrimaryKeyMovesToTheNewColumnWithItsSequenceInTheSwap() throws SQLException {
        ExpansionCatalog catalog = catalog();
        catalog.columnFacts.put("id", new ColumnFacts(true, "int4", -1, "integer", 0, 0, true));
        catalog.column("id", new ColumnUse("app.users", "app", "users", "integer", null,
                "nextval('users_id_seq'::regclass)", true, false, false, null, false, false,
                List.of(new dev.safemigrate.dialect.Catalog.IndexUse("users_pkey",
                        "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)", true, true, true, "users_pkey", 'p',
                        false)),
                List.of(new dev.safemigrate.dialect.Catalog.ConstraintFacts("users_pkey", 'p', true, "PRIMARY KEY (id)",
                        "users_pkey")),
                List.of(), List.of(), List.of(), List.of(), "users_id_seq"));
        List<String> sql = rule(catalog).steps("ALTER TABLE users ALTER COLUMN id TYPE bigint");
        assertThat(sql).contains(
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_pkey_id_sm_new\" ON app.users USING btree (\"id_sm_new\")");
        assertThat(sql.get(sql.size() - 1)).contains("DROP CONSTRAINT \"users_pkey\";\nALTER TABLE app.users ADD CONSTRAINT"
                        + " \"users_pkey\" PRIMARY KEY USING INDEX \"users_pkey_id_sm_new\";\nALTER TABLE app.users ALTER COLUMN"
                        + " \"id_sm_old\" DROP NOT NULL",
                "ALTER SEQUENCE users_id_seq OWNED BY app.users.\"id\"", "ALTER SEQUENCE users_id_seq AS bigint",
                "ALTER COLUMN \"id\" SET DEFAULT nextval('users_id_seq'::regclass)");
        assertThat(sql.get(0)).as("the contract renames no primary-key copy: the swap named it")
                .doesNotContain("RENAME TO \\\"users_pkey\\\"");
    }

    @Test
    void aPrimaryKeyOverSeveralColumnsIsRefused() throws SQLException {
        ExpansionCatalog catalog = catalog();
        catalog.primaryKeyDefinition = "PRIMARY KEY (id, amount)";
        catalog.columnFacts.put("id", new ColumnFacts(true, "int4", -1, "integer", 0, 0, true));
        catalog.column("id", new ColumnUse("app.users", "app", "users", "integer", null, null, true, false, false, null,
                false, false, List.of(new dev.safemigrate.dialect.Catalog.IndexUse("users_pkey",
                        "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id, amount)", true, true, true,
                        "users_pkey", 'p', false)),
                List.of(), List.of(), List.of(), List.of(), List.of()));
        assertThat(rule(catalog).refusal("ALTER TABLE users ALTER COLUMN id TYPE bigint").getMessage())
                .contains("it is in the primary key (users_pkey)");
    }

    @Test
    void usingIsEvaluatedOverTheRowInTheTriggerAndTheBatches() throws SQLException {
        List<String> sql = rule(catalog()).steps(WIDEN + " USING amount * 100");
        assertThat(sql.get(2)).contains(":= (SELECT (amount * 100) FROM (SELECT NEW.*) AS safemigrate_row)");
        assertThat(sql.get(3)).isEqualTo("UPDATE app.users SET \"amount_sm_new\" = (amount * 100)");
    }

    @Test
    void withoutUsingOrAnAssignmentConversionItIsRefused() throws SQLException {
        ExpansionCatalog catalog = catalog();
        catalog.assignable.clear();
        assertThat(rule(catalog).refusal(WIDEN).getMessage()).contains("no assignment conversion from integer to bigint",
                "USING", "nothing was sent");
    }

    @Test
    void inPlaceChangesSmallTablesCollateAndSeveralActionsAreLeftAlone() throws SQLException {
        ExpansionCatalog catalog = catalog();
        assertThat(rule(catalog).asWritten("ALTER TABLE users ALTER COLUMN amount TYPE integer")).isTrue();
        assertThat(rule(catalog).asWritten(WIDEN + ", ADD COLUMN x int")).isTrue();
        assertThat(rule(catalog).asWritten("ALTER TABLE users ALTER COLUMN amount TYPE text COLLATE \"C\"")).isTrue();
        assertThat(rule(catalog).asWritten("/* safemigrate:allow alter-column-type */ " + WIDEN)).isTrue();
        catalog.rows = 10;
        assertThat(rule(catalog).asWritten(WIDEN)).isTrue();
    }

    @Test
    void aDoneExpansionSendsNothingAndAResumedOneSkipsTheRecordAndTheColumn() throws SQLException {
        ExpansionCatalog done = catalog().typeChange(5, "expanded");
        assertThat(rule(done).steps(WIDEN)).isEmpty();

        ExpansionCatalog crashed = catalog().typeChange(5, "expanding");
        crashed.column("amount_sm_new", ExpansionCatalog.plain("amount_sm_new", false, null));
        var plan = rule(crashed).plan(WIDEN);
        assertThat(plan.summary()).startsWith("resuming expansion 5");
        assertThat(plan.steps().get(0).sql()).startsWith("CREATE OR REPLACE FUNCTION");
    }
}
