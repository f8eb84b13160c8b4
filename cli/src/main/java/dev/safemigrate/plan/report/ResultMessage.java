package dev.safemigrate.plan.report;

import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.StatementPlan.PlannedStep;
import dev.safemigrate.plan.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The message of a CI annotation for one risky statement, one line each: why it is risky, then the driver's
 * refusal, what it sends instead, and the live facts the verdict needs. Shorter than the text report's details:
 * locks, notes and assumptions stay in {@code --format text} and {@code json}.
 */
final class ResultMessage {
    private ResultMessage() {
    }

    static List<String> lines(StatementPlan s) {
        List<String> lines = new ArrayList<>(s.reasons());
        if (s.refusal() != null) {
            lines.add("refusal: " + s.refusal());
        }
        if (!s.steps().isEmpty()) {
            List<String> sent = new ArrayList<>();
            for (PlannedStep st : s.steps()) {
                sent.add(oneLine(st.sql()));
            }
            lines.add((s.verdict() == Verdict.BATCHED ? "the driver runs it: " : "the driver sends instead: ")
                    + String.join(" | ", sent));
        }
        for (String fact : s.needsUrl()) {
            lines.add("needs --url: " + fact);
        }
        if (lines.isEmpty()) {
            lines.add("risk " + s.risk().label() + " (" + s.verdict().label() + ")");
        }
        return lines;
    }

    static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }
}
