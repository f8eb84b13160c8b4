package dev.safemigrate.plan;

import dev.safemigrate.plan.lint.Advice;

import java.util.List;

/**
 * The plan of one statement of one migration file.
 *
 * @param file the file, as displayed
 * @param line the line its first token is on (1-based)
 * @param sql the statement as written, trimmed
 * @param lock the lock it takes as written
 * @param verdict what the driver does with it
 * @param rule the rule that decided (rewrite rule, policy operation), or {@code null}
 * @param steps what the driver sends instead (for {@link Verdict#REWRITTEN} and {@link Verdict#BATCHED})
 * @param findings the dangerous operations the policies found and what they decided
 * @param refusal the driver's refusal message, or {@code null}
 * @param risk how bad it is, as the driver will run it
 * @param reasons why that risk, one line each
 * @param notes other things worth knowing (transactions, batching)
 * @param assumptions facts assumed without a database
 * @param needsUrl facts the verdict depends on that only a live catalog has
 * @param size the live size of the table, or {@code null}
 * @param estimate a rough duration of the work that grows with the table, or {@code null}
 * @param advice the lint advice on it (squawk-style checks the driver's rules do not act on: docs/plan.md, "squawk's rules, side by side")
 */
public record StatementPlan(String file, int line, String sql, LockInfo lock, Verdict verdict, String rule,
                            List<PlannedStep> steps, List<PlannedFinding> findings, String refusal, Risk risk,
                            List<String> reasons, List<String> notes, List<String> assumptions, List<String> needsUrl,
                            TableSize size, String estimate, List<Advice> advice) {

    /**
     * One statement the driver sends instead.
     *
     * @param sql what is sent (for a deferred step, its description)
     * @param how how the driver runs it ({@code locking}, {@code concurrent}, {@code own transaction},
     *     {@code batched}, {@code online})
     * @param lock the lock it takes
     * @param fallback for MySQL/MariaDB online forms: what happens when the server cannot run this form, or {@code null}
     */
    public record PlannedStep(String sql, String how, LockInfo lock, String fallback) {
    }

    /**
     * @param rule the operation's rule name (as in {@code safemigrate:allow})
     * @param decision {@code warned}, {@code refused}, {@code allowed}
     * @param subject what it acts on
     * @param risk the operation's danger
     * @param setting the {@code safemigrate.policy.*} key that decides it
     */
    public record PlannedFinding(String rule, String decision, String subject, String risk, String setting) {
    }
}
