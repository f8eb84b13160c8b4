package dev.safemigrate.plan.report;

import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.LockInfo;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.StatementPlan.PlannedFinding;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.Verdict;
import dev.safemigrate.plan.Work;
import dev.safemigrate.plan.lint.Advice;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report for people: one table row per statement, then the details of every statement the driver
 * changes, refuses or warns about, then the verdict. Deterministic for the same input and facts.
 */
public final class TextReport {
    private static final int SQL_WIDTH = 40;
    private static final int LOCK_WIDTH = 44;

    private TextReport() {
    }

    /**
     * The files read only for their schema, a run of consecutive files with the same reason on one line:
     * a history of a hundred applied files is one line, not a hundred.
     */
    private static void notPlanned(StringBuilder b, List<PlanReport.NotPlanned> files) {
        int k = 0;
        while (k < files.size()) {
            int end = k;
            String why = grouped(files.get(k).why());
            while (end + 1 < files.size() && grouped(files.get(end + 1).why()).equals(why)) {
                end++;
            }
            String names = end == k ? files.get(k).file()
                    : files.get(k).file() + " … " + files.get(end).file() + " (" + (end - k + 1) + " files)";
            b.append("read for their schema, not planned: ").append(names).append(" — ")
                    .append(end == k ? files.get(k).why() : why.replace("versions", "versions are")).append('\n');
            k = end + 1;
        }
    }

    /** A reason without the one file's version, so that consecutive files with the same reason share a line. */
    private static String grouped(String why) {
        return why.replaceAll("version \\S+ is", "versions");
    }

    public static String write(PlanReport report, FailOn failOn) {
        StringBuilder b = new StringBuilder();
        b.append("safemigrate plan: ").append(report.dialect()).append(", ")
                .append(report.live() ? "live catalog of " + report.server()
                        : "no database (facts assumed; --url for live sizes and estimates)")
                .append('\n');
        b.append("files: ").append(report.files().isEmpty() ? "none to plan" : String.join(", ", report.files()))
                .append('\n');
        notPlanned(b, report.notPlanned());
        b.append('\n');
        String format = "%3s  %-28s %-" + SQL_WIDTH + "s %-" + LOCK_WIDTH + "s %-19s %-12s %s%n";
        b.append(String.format(format, "#", "FILE:LINE", "STATEMENT", "LOCK AS WRITTEN (TABLE)", "WORK", "DRIVER", "RISK"));
        int n = 0;
        for (StatementPlan s : report.statements()) {
            n++;
            b.append(String.format(format, n, cut(s.file() + ":" + s.line(), 28), cut(oneLine(s.sql()), SQL_WIDTH),
                    cut(lockCell(s.lock()), LOCK_WIDTH), s.lock().work().label(), s.verdict().label(), s.risk().label()));
        }
        n = 0;
        boolean header = false;
        for (StatementPlan s : report.statements()) {
            n++;
            if (!worthDetails(s)) {
                continue;
            }
            if (!header) {
                b.append("\nDetails\n");
                header = true;
            }
            details(b, n, s);
        }
        b.append('\n');
        int[] counts = report.counts();
        b.append(report.statements().size()).append(" statement(s): ");
        for (Risk r : Risk.values()) {
            b.append(counts[r.ordinal()]).append(' ').append(r.label()).append(r == Risk.REFUSED ? "" : ", ");
        }
        boolean failed = failOn.fails(report.worst());
        b.append(". Worst: ").append(report.worst().label()).append("; --fail-on ").append(failOn.label())
                .append(failed ? ": FAILED" : ": passed").append('\n');
        return b.toString();
    }

    private static boolean worthDetails(StatementPlan s) {
        return s.verdict() != Verdict.AS_WRITTEN || s.risk() != Risk.NONE || !s.findings().isEmpty()
                || !s.notes().isEmpty();
    }

    private static void details(StringBuilder b, int n, StatementPlan s) {
        b.append('\n').append('#').append(n).append(' ').append(s.file()).append(':').append(s.line()).append("  ")
                .append(s.verdict().label()).append(s.rule() == null ? "" : " [" + s.rule() + "]")
                .append(", risk ").append(s.risk().label()).append('\n');
        b.append("   ").append(cut(oneLine(s.sql()), 110)).append('\n');
        b.append("   as written: ").append(lockSentence(s.lock())).append('\n');
        if (!s.steps().isEmpty()) {
            b.append(s.verdict() == Verdict.BATCHED ? "   the driver runs it:\n" : "   the driver sends instead:\n");
            int k = 0;
            for (PlannedStep st : s.steps()) {
                b.append("     ").append(++k).append(". ").append(oneLine(st.sql())).append('\n');
                b.append("        ").append(st.how()).append("; ").append(lockSentence(st.lock())).append('\n');
                if (st.fallback() != null) {
                    b.append("        ").append(st.fallback()).append('\n');
                }
            }
        }
        for (PlannedFinding f : s.findings()) {
            b.append("   ").append(f.decision()).append(" [").append(f.rule()).append("] ").append(f.subject())
                    .append(" (").append(f.setting()).append(")\n");
        }
        if (s.refusal() != null) {
            b.append("   refusal: ").append(s.refusal()).append('\n');
        }
        // each advice is also a reason ("[rule] message"): printed once, as an advice line
        Set<String> advised = new HashSet<>();
        for (Advice a : s.advice()) {
            advised.add("[" + a.rule() + "] " + a.message());
        }
        line(b, "why", s.reasons().stream().filter(r -> !advised.contains(r)).toList());
        for (Advice a : s.advice()) {
            b.append("   advice [").append(a.rule()).append("]: ").append(a.message()).append('\n');
        }
        line(b, "note", s.notes());
        line(b, "needs --url", s.needsUrl());
        line(b, "assumed", s.assumptions());
        if (s.size() != null) {
            b.append("   table ").append(s.size().table()).append(": ").append(bytes(s.size().totalBytes()))
                    .append(" with indexes, ~").append(s.size().estimatedRows() < 0 ? "? (never analysed)"
                            : String.valueOf(s.size().estimatedRows())).append(" rows")
                    .append(s.estimate() == null ? "" : "; estimated " + s.estimate() + " of work (a rough estimate)")
                    .append('\n');
        }
    }

    private static void line(StringBuilder b, String label, List<String> items) {
        for (String item : items) {
            b.append("   ").append(label).append(": ").append(item).append('\n');
        }
    }

    static String lockCell(LockInfo lock) {
        return lock.tables().isEmpty() ? lock.lock() : lock.lock() + " (" + String.join(", ", lock.tables()) + ")";
    }

    static String lockSentence(LockInfo lock) {
        if (lock.lock().equals("none")) {
            return "no lock on existing tables";
        }
        if (lock.lock().equals("unknown")) {
            return "unknown (plan does not look inside it)";
        }
        return lock.lock() + (lock.tables().isEmpty() ? "" : " on " + String.join(", ", lock.tables())) + " — "
                + lock.effect() + (lock.work() == Work.ROWS ? ""
                : lock.work().growsWithTable() ? " while it " + lock.work().label()
                : lock.blocksReads() || lock.blocksWrites() ? ", briefly (catalog change)" : "");
    }

    static String bytes(long n) {
        if (n < 1024 * 1024) {
            return (n / 1024) + " kB";
        }
        if (n < 1024L * 1024 * 1024) {
            return (n / (1024 * 1024)) + " MB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
