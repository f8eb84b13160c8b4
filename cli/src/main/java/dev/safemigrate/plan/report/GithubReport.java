package dev.safemigrate.plan.report;

import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;

import java.util.function.Function;

/**
 * {@code --format github}: GitHub Actions workflow commands, which the runner turns into annotations on the
 * migration's lines. One {@code ::error} or {@code ::warning} per statement at risk {@code warning} or worse:
 * an error exactly when that statement fails the build under {@code --fail-on}, so the annotations marked as
 * errors are the ones that made the step fail. Ends with a {@code ::notice} that gives the summary.
 */
public final class GithubReport {
    private GithubReport() {
    }

    /** @param uriOf maps a statement's file (its display name) to its path relative to the repository */
    public static String write(PlanReport report, FailOn failOn, Function<String, String> uriOf) {
        StringBuilder b = new StringBuilder();
        for (StatementPlan s : report.statements()) {
            if (s.risk().compareTo(Risk.WARNING) < 0) {
                continue;
            }
            b.append("::").append(failOn.fails(s.risk()) ? "error" : "warning")
                    .append(" file=").append(property(uriOf.apply(s.file())))
                    .append(",line=").append(s.line())
                    .append(",title=").append(property("safemigrate: " + s.risk().label() + " [" + ResultRule.idOf(s) + "]"))
                    .append("::").append(data(String.join("\n", ResultMessage.lines(s)))).append('\n');
        }
        int[] counts = report.counts();
        StringBuilder summary = new StringBuilder();
        summary.append(report.statements().size()).append(" statement(s): ");
        for (Risk r : Risk.values()) {
            summary.append(counts[r.ordinal()]).append(' ').append(r.label()).append(r == Risk.REFUSED ? "" : ", ");
        }
        summary.append(". Worst: ").append(report.worst().label()).append("; --fail-on ").append(failOn.label())
                .append(failOn.fails(report.worst()) ? ": FAILED" : ": passed");
        b.append("::notice title=").append(property("safemigrate plan")).append("::").append(data(summary.toString()))
                .append('\n');
        return b.toString();
    }

    /** A command's message: GitHub decodes %25, %0D and %0A; anything else is taken as it is. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A property's value: also ':' and ',', which would end the value. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
