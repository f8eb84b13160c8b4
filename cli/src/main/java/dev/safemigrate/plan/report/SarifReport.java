package dev.safemigrate.plan.report;

import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --format sarif}: SARIF 2.1.0, as GitHub code scanning (and other CI dashboards) upload it. One run;
 * one result per statement whose risk is not {@code none}, filed under {@link ResultRule}'s id. The level
 * follows the risk ({@code refused} and {@code danger} are errors, {@code warning} a warning) whatever
 * {@code --fail-on} says, so a dashboard ranks them the same in every build; {@code properties.failsBuild}
 * tells which ones made this run's exit code 1. No timestamps or absolute paths: the same input gives the
 * same bytes (golden-tested).
 */
public final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String VERSION = "2.1.0";
    static final String TOOL = "safemigrate plan";
    /** The key of our own fingerprint: bump it when what it hashes changes. */
    static final String FINGERPRINT = "safemigrate/v1";

    private SarifReport() {
    }

    /**
     * @param uriOf maps a statement's file (its display name) to the path to print: relative to the
     *     repository, '/'-separated, as code scanning matches it to the checked-out files
     */
    public static String write(PlanReport report, FailOn failOn, Function<String, String> uriOf) {
        List<String> ruleIds = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        for (StatementPlan s : report.statements()) {
            if (s.risk() == Risk.NONE) {
                continue;
            }
            String id = ResultRule.idOf(s);
            if (!ruleIds.contains(id)) {
                ruleIds.add(id);
            }
            results.add(result(s, id, ruleIds.indexOf(id), failOn, uriOf.apply(s.file())));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", TOOL);
        driver.put("version", toolVersion());
        driver.put("rules", rules(ruleIds));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("dialect", report.dialect());
        properties.put("live", report.live());
        properties.put("statements", report.statements().size());
        properties.put("worstRisk", report.worst().label());
        properties.put("failOn", failOn.label());
        properties.put("failed", failOn.fails(report.worst()));
        run.put("properties", properties);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("version", VERSION);
        root.put("runs", List.of(run));
        return Json.write(root);
    }

    static String level(Risk risk) {
        return risk.compareTo(Risk.DANGER) >= 0 ? "error" : risk == Risk.WARNING ? "warning" : "none";
    }

    private static Map<String, Object> result(StatementPlan s, String ruleId, int ruleIndex, FailOn failOn, String uri) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", ruleId);
        r.put("ruleIndex", ruleIndex);
        r.put("level", level(s.risk()));
        r.put("message", Map.of("text", String.join("\n", ResultMessage.lines(s))));
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri));
        physical.put("region", Map.of("startLine", s.line()));
        r.put("locations", List.of(Map.of("physicalLocation", physical)));
        r.put("partialFingerprints", Map.of(FINGERPRINT, fingerprint(uri, ruleId, s.sql())));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("risk", s.risk().label());
        properties.put("verdict", s.verdict().name().toLowerCase(java.util.Locale.ROOT));
        properties.put("failsBuild", failOn.fails(s.risk()));
        r.put("properties", properties);
        return r;
    }

    private static List<Object> rules(List<String> ids) {
        List<Object> rules = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", ResultRule.shortDescription(id)));
            rule.put("fullDescription", Map.of("text", ResultRule.fullDescription(id)));
            rule.put("help", Map.of("text", ResultRule.help(id)));
            rules.add(rule);
        }
        return rules;
    }

    /**
     * Stable across runs and line moves: the file, the rule and the statement with its whitespace collapsed,
     * so code scanning keeps an alert open (not new) when lines above it change.
     */
    static String fingerprint(String uri, String ruleId, String sql) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((uri + "\n" + ruleId + "\n"
                    + ResultMessage.oneLine(sql)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The jar's version (its manifest), or {@code dev} when run from classes (tests, IDE). */
    static String toolVersion() {
        String v = SarifReport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
