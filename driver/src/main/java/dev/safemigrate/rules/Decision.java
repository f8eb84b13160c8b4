package dev.safemigrate.rules;

import dev.safemigrate.sql.Dialect;

import java.util.List;
import java.util.Objects;

/**
 * What a rule decided about one statement: a value, with no side effect. The engine acts on it
 * ({@code execution.Rewriter} runs the plan or applies the policies; {@code plan} reports it).
 */
public sealed interface Decision permits Decision.AsWritten, Decision.Rewrite, Decision.Findings, Decision.Refused {
    /** Nothing to do: the statement runs as written (under the lock timeout). */
    Decision AS_WRITTEN = new AsWritten();

    /** {@code plan}, or {@link #AS_WRITTEN} when it is {@code null}. */
    static Decision rewrite(RewritePlan plan) {
        return plan == null ? AS_WRITTEN : new Rewrite(plan);
    }

    /** Dangerous operations for the policies to judge, or {@link #AS_WRITTEN} when there are none. */
    static Decision findings(Rule rule, Dialect dialect, List<Finding> findings) {
        return findings.isEmpty() ? AS_WRITTEN : new Findings(rule, dialect, findings);
    }

    /** Leave the statement alone. */
    record AsWritten() implements Decision {
    }

    /** Send {@code plan}'s steps instead of the statement. */
    record Rewrite(RewritePlan plan) implements Decision {
        public Rewrite {
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * The statement must not run at all (e.g. the expansion the policy asks for cannot carry everything over):
     * the engine sends nothing and throws a {@code PolicyViolationException} (SQLSTATE {@code SM001}) with
     * {@code message}, which names the statement, the reason and what to do.
     */
    record Refused(Rule rule, String message) implements Decision {
        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Operations that break running code or block a big table, found by {@code rule}: the policies
     * ({@link PolicyJudgement}) decide whether the statement runs as written (warned, allowed) or is refused.
     */
    record Findings(Rule rule, Dialect dialect, List<Finding> findings) implements Decision {
        public Findings {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(dialect, "dialect");
            findings = List.copyOf(findings);
        }
    }
}
