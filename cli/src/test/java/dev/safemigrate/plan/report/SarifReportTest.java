package dev.safemigrate.plan.report;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Planner;
import dev.safemigrate.sql.Dialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --format sarif} on the PostgreSQL corpus: what code scanning reads from it. */
class SarifReportTest {
    private static PlanReport corpus;

    @BeforeAll
    static void plan() throws Exception {
        corpus = Corpus.postgresql();
    }

    private static Map<String, Object> sarif(FailOn failOn, Function<String, String> uriOf) {
        return map(MiniJson.parse(SarifReport.write(corpus, failOn, uriOf)));
    }

    private static Map<String, Object> run(Map<String, Object> sarif) {
        return map(list(sarif.get("runs")).get(0));
    }

    private static List<Map<String, Object>> results(Map<String, Object> sarif) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object r : list(run(sarif).get("results"))) {
            results.add(map(r));
        }
        return results;
    }

    @Test
    void theCorpusReportsAsTheGoldenFileSays() throws Exception {
        Corpus.assertGolden("postgresql-postgresql.sarif", SarifReport.write(corpus, FailOn.DANGER, name -> name));
    }

    @Test
    void itIsSarif210WithOneRunOfSafemigratePlan() {
        Map<String, Object> sarif = sarif(FailOn.DANGER, name -> name);

        assertThat(sarif.get("version")).isEqualTo("2.1.0");
        assertThat((String) sarif.get("$schema")).endsWith("sarif-2.1.0.json");
        assertThat(list(sarif.get("runs"))).hasSize(1);
        Map<String, Object> driver = map(map(run(sarif).get("tool")).get("driver"));
        assertThat(driver.get("name")).isEqualTo("safemigrate plan");
        assertThat(driver.get("version")).isEqualTo("dev"); // from classes, not a jar: no manifest version
    }

    @Test
    void everyResultNamesARuleOfTheDriverAndEveryRuleIsUsed() {
        Map<String, Object> sarif = sarif(FailOn.DANGER, name -> name);
        List<String> ruleIds = new ArrayList<>();
        for (Object rule : list(map(map(run(sarif).get("tool")).get("driver")).get("rules"))) {
            ruleIds.add((String) map(rule).get("id"));
            assertThat((String) map(map(rule).get("shortDescription")).get("text")).isNotBlank();
        }
        List<String> used = new ArrayList<>();
        for (Map<String, Object> r : results(sarif)) {
            String id = (String) r.get("ruleId");
            assertThat(ruleIds).contains(id);
            assertThat(ruleIds.get(((Long) r.get("ruleIndex")).intValue())).isEqualTo(id);
            used.add(id);
        }
        assertThat(ruleIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(used.stream().distinct().toList());
        // the operation that made a statement risky, and the generic ids for risks no rule names
        assertThat(used).contains("vacuum-full", "rename-column", "alter-column-type", "blocking-lock", "long-transaction");
    }

    @Test
    void oneResultPerRiskyStatementAtTheLineTheJsonReportGives() {
        List<String> fromJson = new ArrayList<>();
        for (Object s : list(map(MiniJson.parse(JsonReport.write(corpus, FailOn.DANGER))).get("statements"))) {
            if (!map(s).get("risk").equals("none")) {
                fromJson.add(map(s).get("file") + ":" + map(s).get("line"));
            }
        }
        List<String> fromSarif = new ArrayList<>();
        for (Map<String, Object> r : results(sarif(FailOn.DANGER, name -> name))) {
            Map<String, Object> location = map(map(list(r.get("locations")).get(0)).get("physicalLocation"));
            fromSarif.add(map(location.get("artifactLocation")).get("uri") + ":" + map(location.get("region")).get("startLine"));
        }
        assertThat(fromSarif).hasSize(19).isEqualTo(fromJson);
    }

    @Test
    void theLevelFollowsTheRiskAndFailsBuildFollowsFailOn() {
        for (FailOn failOn : FailOn.values()) {
            for (Map<String, Object> r : results(sarif(failOn, name -> name))) {
                Map<String, Object> p = map(r.get("properties"));
                String risk = (String) p.get("risk");
                assertThat(r.get("level")).as(risk).isEqualTo(risk.equals("warning") ? "warning" : "error");
                assertThat(p.get("failsBuild")).as(failOn + " " + risk)
                        .isEqualTo(failOn.fails(dev.safemigrate.plan.Risk.valueOf(risk.toUpperCase(java.util.Locale.ROOT))));
            }
        }
        assertThat(map(run(sarif(FailOn.DANGER, n -> n)).get("properties")).get("failed")).isEqualTo(true);
        assertThat(map(run(sarif(FailOn.NEVER, n -> n)).get("properties")).get("failed")).isEqualTo(false);
    }

    @Test
    void theLocationIsWhatUriOfMapsTheFileTo() {
        for (Map<String, Object> r : results(sarif(FailOn.DANGER, name -> "db/migration/" + name))) {
            Map<String, Object> location = map(map(list(r.get("locations")).get(0)).get("physicalLocation"));
            assertThat((String) map(location.get("artifactLocation")).get("uri")).startsWith("db/migration/V");
        }
    }

    @Test
    void theFingerprintStaysWhenLinesAboveTheStatementChange() {
        Planner planner = Planner.offline(Dialect.POSTGRESQL, false, Settings.defaults(), new PostgresSupport().rules());
        Map<String, Object> before = result(planner, "ALTER TABLE accounts DROP COLUMN nickname;");
        Map<String, Object> after = result(planner, "-- a comment\n\nALTER TABLE accounts\n    DROP COLUMN nickname;");

        assertThat(after.get("partialFingerprints")).isEqualTo(before.get("partialFingerprints"));
        assertThat(map(map(map(list(after.get("locations")).get(0)).get("physicalLocation")).get("region")))
                .containsEntry("startLine", 3L);
        Map<String, Object> other = result(planner, "ALTER TABLE accounts DROP COLUMN email;");
        assertThat(other.get("partialFingerprints")).isNotEqualTo(before.get("partialFingerprints"));
    }

    /** A new policy operation without its own description would show up in code scanning as a bare id. */
    @Test
    void everyPolicyOperationHasItsOwnDescription() {
        for (dev.safemigrate.rules.Operation op : dev.safemigrate.rules.Operation.values()) {
            assertThat(ResultRule.shortDescription(op.rule)).as(op.rule).doesNotStartWith("safemigrate rule ");
            assertThat(ResultRule.help(op.rule)).as(op.rule).contains(op.setting.key(), "safemigrate:allow " + op.rule);
        }
    }

    private static Map<String, Object> result(Planner planner, String sql) {
        PlanReport report = new PlanReport("postgresql", false, null, List.of("V1__m.sql"), planner.plan("V1__m.sql", sql));
        Map<String, Object> sarif = map(MiniJson.parse(SarifReport.write(report, FailOn.DANGER, n -> n)));
        List<Map<String, Object>> results = results(sarif);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
