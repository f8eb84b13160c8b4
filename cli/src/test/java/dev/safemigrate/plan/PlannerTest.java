package dev.safemigrate.plan;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.sql.Dialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline planner's verdicts where a fact is unknown: it says so rather than guess. */
class PlannerTest {
    private static StatementPlan postgres(String sql) {
        List<StatementPlan> plans = Planner.offline(Dialect.POSTGRESQL, false, Settings.defaults(),
                new PostgresSupport().rules()).plan("V1__m.sql", sql);
        assertThat(plans).hasSize(1);
        return plans.get(0);
    }

    private static StatementPlan mariadb(String sql) {
        return Planner.offline(Dialect.MYSQL, true, Settings.defaults(), new MySqlSupport("MariaDB").rules())
                .plan("V1__m.sql", sql).get(0);
    }

    private static StatementPlan postgres(String sql, String... settings) throws java.sql.SQLException {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (int k = 0; k < settings.length; k += 2) {
            values.put(settings[k], settings[k + 1]);
        }
        java.util.Properties none = new java.util.Properties();
        return Planner.offline(Dialect.POSTGRESQL, false,
                dev.safemigrate.config.SettingsResolver.resolve(values, none, none, none), new PostgresSupport().rules())
                .plan("V1__m.sql", sql).get(0);
    }

    @Test
    void anExpandedRenameShowsItsStepsAndThePendingContract() throws Exception {
        StatementPlan p = postgres("ALTER TABLE users RENAME COLUMN name TO full_name;",
                "safemigrate.policy.renameColumn", "expand");

        assertThat(p.verdict()).isEqualTo(Verdict.REWRITTEN);
        assertThat(p.rule()).isEqualTo("expand");
        assertThat(p.steps()).extracting(StatementPlan.PlannedStep::sql)
                .anyMatch(s -> s.startsWith("ALTER TABLE \"public\".\"users\" ADD COLUMN \"full_name\""))
                .anyMatch(s -> s.contains("CREATE TRIGGER"))
                .anyMatch(s -> s.startsWith("UPDATE \"public\".\"users\" SET \"full_name\" = \"name\""));
        assertThat(p.notes()).anyMatch(n -> n.contains("until you contract it")
                && n.contains("ALTER TABLE \"public\".\"users\" DROP COLUMN \"name\""));
        assertThat(p.assumptions()).anyMatch(a -> a.contains("nothing else names it"));
    }

    @Test
    void anExpandedTypeChangeOfflineNeedsUrlForTheConversionAndShowsTheSwap() throws Exception {
        StatementPlan p = postgres("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint;",
                "safemigrate.policy.alterColumnType", "expand");

        assertThat(p.rule()).isEqualTo("expand");
        assertThat(p.needsUrl()).anyMatch(n -> n.contains("converts to bigint"));
        assertThat(p.steps()).last().extracting(StatementPlan.PlannedStep::sql).asString()
                .contains("RENAME COLUMN \"amount_sm_new\" TO \"amount\"");
    }

    @Test
    void aDefaultCallingAFunctionPlanDoesNotKnowNeedsUrl() {
        StatementPlan p = postgres("ALTER TABLE accounts ADD COLUMN code text DEFAULT make_code();");

        assertThat(p.verdict()).isEqualTo(Verdict.NEEDS_URL);
        assertThat(p.risk()).isEqualTo(Risk.WARNING);
        assertThat(p.needsUrl()).singleElement().asString().contains("make_code").contains("volatile");
    }

    @Test
    void aKnownStableDefaultIsInstantAndSafe() {
        StatementPlan p = postgres("ALTER TABLE accounts ADD COLUMN seen timestamptz DEFAULT now();");

        assertThat(p.verdict()).isEqualTo(Verdict.AS_WRITTEN);
        assertThat(p.risk()).isEqualTo(Risk.NONE);
        assertThat(p.needsUrl()).isEmpty();
    }

    @Test
    void aTypeChangeOfflineIsNotCalledRefusedBecauseTheCurrentTypeIsUnknown() {
        StatementPlan p = postgres("ALTER TABLE accounts ALTER COLUMN note TYPE text;");

        assertThat(p.verdict()).isEqualTo(Verdict.NEEDS_URL);
        assertThat(p.refusal()).isNull();
        assertThat(p.risk()).isEqualTo(Risk.WARNING);
    }

    @Test
    void aMySqlModifyIsRefusedOnlyIfTheServerMustCopy() {
        StatementPlan p = mariadb("ALTER TABLE accounts MODIFY note varchar(50) NULL;");

        assertThat(p.verdict()).isEqualTo(Verdict.REWRITTEN);
        assertThat(p.risk()).isEqualTo(Risk.WARNING);
        assertThat(p.reasons()).anyMatch(r -> r.contains("refused if the server must copy the table"));
        assertThat(p.steps()).singleElement().satisfies(s -> assertThat(s.sql()).endsWith("ALGORITHM=INSTANT;"));
    }

    @Test
    void aMySqlForeignKeyIsPredictedToCopyAndRefused() {
        StatementPlan p = mariadb("ALTER TABLE accounts ADD FOREIGN KEY (team) REFERENCES teams (id);");

        assertThat(p.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(p.rule()).isEqualTo("copying-alter");
        assertThat(p.refusal()).contains("nothing was changed").contains("safemigrate:allow copying-alter");
    }

    @Test
    void linesCountFromTheFirstTokenPastLeadingComments() {
        List<StatementPlan> plans = Planner.offline(Dialect.POSTGRESQL, false, Settings.defaults(),
                new PostgresSupport().rules()).plan("V1__m.sql", "-- one\n\n/* two\n */\nSELECT 1;\n\nSELECT 2;");

        assertThat(plans).extracting(StatementPlan::line).containsExactly(5, 7);
        assertThat(plans.get(0).sql()).isEqualTo("SELECT 1;");
    }
}
