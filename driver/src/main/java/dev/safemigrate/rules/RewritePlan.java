package dev.safemigrate.rules;

import dev.safemigrate.sql.SqlStatement;

import java.util.List;

/**
 * What the driver sends instead of a statement. An empty plan means the work is already done (an
 * idempotent re-run): nothing is sent.
 *
 * @param rule the rule that made it
 * @param original the statement it replaces
 * @param steps in order
 * @param summary one line for the log: what is sent instead and why
 */
public record RewritePlan(Rule rule, SqlStatement original, List<Step> steps, String summary) {

    public RewritePlan {
        steps = List.copyOf(steps);
    }

    /** True when a step cannot run inside a transaction block (or should not, like VALIDATE). */
    public boolean needsAutocommit() {
        for (Step s : steps) {
            if (s.kind() != StepKind.LOCKING && s.kind() != StepKind.ONLINE) {
                return true;
            }
        }
        return false;
    }

    public boolean isNoOp() {
        return steps.isEmpty();
    }
}
