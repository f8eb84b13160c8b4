package dev.safemigrate.plan.report;

import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.LockInfo;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.lint.Advice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --format json}: the report for CI. The schema is documented in docs/plan.md and versioned by
 * {@code schemaVersion}: fields are only ever added within a version; renaming or removing one, or changing
 * its meaning, makes a new version.
 */
public final class JsonReport {
    public static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    public static String write(PlanReport report, FailOn failOn) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("dialect", report.dialect());
        root.put("live", report.live());
        root.put("server", report.server());
        root.put("files", report.files());
        List<Object> notPlanned = new ArrayList<>();
        for (PlanReport.NotPlanned n : report.notPlanned()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("file", n.file());
            one.put("why", n.why());
            notPlanned.add(one);
        }
        root.put("notPlanned", notPlanned);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("statements", report.statements().size());
        int[] counts = report.counts();
        for (Risk r : Risk.values()) {
            summary.put(r.label(), counts[r.ordinal()]);
        }
        summary.put("worstRisk", report.worst().label());
        summary.put("failOn", failOn.label());
        summary.put("failed", failOn.fails(report.worst()));
        root.put("summary", summary);
        List<Object> statements = new ArrayList<>();
        for (StatementPlan s : report.statements()) {
            statements.add(statement(s));
        }
        root.put("statements", statements);
        return Json.write(root);
    }

    private static Map<String, Object> statement(StatementPlan s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file());
        m.put("line", s.line());
        m.put("sql", s.sql());
        m.put("lock", lock(s.lock()));
        m.put("verdict", s.verdict().name().toLowerCase(java.util.Locale.ROOT));
        m.put("rule", s.rule());
        List<Object> steps = new ArrayList<>();
        for (PlannedStep st : s.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("sql", st.sql());
            x.put("how", st.how());
            x.put("lock", lock(st.lock()));
            x.put("fallback", st.fallback());
            steps.add(x);
        }
        m.put("sentInstead", steps);
        List<Object> findings = new ArrayList<>();
        for (PlannedFinding f : s.findings()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rule", f.rule());
            x.put("decision", f.decision());
            x.put("subject", f.subject());
            x.put("risk", f.risk());
            x.put("setting", f.setting());
            findings.add(x);
        }
        m.put("findings", findings);
        m.put("refusal", s.refusal());
        m.put("risk", s.risk().label());
        m.put("reasons", s.reasons());
        m.put("notes", s.notes());
        m.put("assumptions", s.assumptions());
        m.put("needsUrl", s.needsUrl());
        Map<String, Object> table = null;
        if (s.size() != null) {
            table = new LinkedHashMap<>();
            table.put("name", s.size().table());
            table.put("totalBytes", s.size().totalBytes());
            table.put("dataBytes", s.size().dataBytes());
            table.put("estimatedRows", s.size().estimatedRows());
        }
        m.put("table", table);
        m.put("estimate", s.estimate());
        List<Object> advice = new ArrayList<>();
        for (Advice a : s.advice()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rule", a.rule());
            x.put("risk", a.risk().label());
            x.put("message", a.message());
            advice.add(x);
        }
        m.put("advice", advice);
        return m;
    }

    private static Map<String, Object> lock(LockInfo lock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", lock.lock());
        m.put("tables", lock.tables());
        m.put("blocksReads", lock.blocksReads());
        m.put("blocksWrites", lock.blocksWrites());
        m.put("work", lock.work().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
