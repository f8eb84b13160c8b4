package dev.safemigrate.rules;

import dev.safemigrate.config.Policy;
import dev.safemigrate.config.Settings;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.rules.RuleContext.PolicyOutcome;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code safemigrate.policy.*} settings applied to the dangerous operations found in one statement, for
 * every dialect, as a value: allowed ones (by a {@code /* safemigrate:allow <rule> *}{@code /} comment in the
 * statement), refused ones (the policy is {@code refuse}: nothing is sent) and warned ones (run as written).
 * The engine logs and throws ({@code execution.PolicyEnforcement}); {@code plan} reports.
 */
public final class PolicyJudgement {
    private final String statementText;
    private final List<Finding> findings;
    private final List<Finding> allowed;
    private final List<Finding> refused;
    private final List<Finding> warned;
    /** Refused because their policy is {@code expand}, which this dialect cannot do. */
    private final List<Finding> expandUnavailable;
    /** Refused because their policy is {@code online}, MySQL/MariaDB's table copy (PostgreSQL here). */
    private final List<Finding> onlineUnavailable;
    private final Dialect dialect;

    private PolicyJudgement(String statementText, List<Finding> findings, List<Finding> allowed,
                            List<Finding> refused, List<Finding> warned, List<Finding> expandUnavailable,
                            List<Finding> onlineUnavailable, Dialect dialect) {
        this.expandUnavailable = expandUnavailable;
        this.onlineUnavailable = onlineUnavailable;
        this.dialect = dialect;
        this.statementText = statementText;
        this.findings = findings;
        this.allowed = allowed;
        this.refused = refused;
        this.warned = warned;
    }

    public static PolicyJudgement of(SqlStatement statement, Decision.Findings found, Settings settings) {
        Set<String> allowComments = AllowComments.allowed(statement.text(), found.dialect());
        List<Finding> allowed = new ArrayList<>();
        List<Finding> refused = new ArrayList<>();
        List<Finding> warned = new ArrayList<>();
        List<Finding> expandUnavailable = new ArrayList<>();
        List<Finding> onlineUnavailable = new ArrayList<>();
        // policy expand reaching the judgement: for a rename on PostgreSQL the expansion rule left it as written
        // (a small table): it runs as written, with the warning. Anything else it could not expand is refused,
        // never run as written: the user asked for a change that neither breaks nor blocks.
        for (Finding f : found.findings()) {
            if (allowComments.contains(f.operation().rule)) {
                allowed.add(f);
            } else if (settings.policy(f.operation().setting) == Policy.REFUSE) {
                refused.add(f);
            } else if (settings.policy(f.operation().setting) == Policy.ONLINE) {
                // online is MySQL/MariaDB's table copy (never reaching here there): the user asked for a change
                // that does not block; running it as written would.
                refused.add(f);
                onlineUnavailable.add(f);
            } else if (settings.policy(f.operation().setting) == Policy.EXPAND
                    && (found.dialect() == Dialect.MYSQL || f.operation() != Operation.RENAME_COLUMN)) {
                // The user asked for a non-breaking change; running it as written would break running code.
                refused.add(f);
                expandUnavailable.add(f);
            } else {
                warned.add(f);
            }
        }
        return new PolicyJudgement(LogText.shorten(statement.text().strip()), found.findings(), List.copyOf(allowed),
                List.copyOf(refused), List.copyOf(warned), List.copyOf(expandUnavailable), List.copyOf(onlineUnavailable),
                found.dialect());
    }

    /** Every finding, in the order the rule found them. */
    public List<Finding> findings() {
        return findings;
    }

    public PolicyOutcome outcome(Finding finding) {
        return allowed.contains(finding) ? PolicyOutcome.ALLOWED
                : refused.contains(finding) ? PolicyOutcome.REFUSED : PolicyOutcome.WARNED;
    }

    public List<Finding> allowed() {
        return allowed;
    }

    public List<Finding> warned() {
        return warned;
    }

    public boolean refused() {
        return !refused.isEmpty();
    }

    /** The statement as logs and messages show it (shortened). */
    public String statementText() {
        return statementText;
    }

    /** The exception a refusal throws: names each refused operation, its risk, the recipe and how to allow it. */
    public PolicyViolationException refusal() {
        StringBuilder b = new StringBuilder("safemigrate refused ").append(statementText)
                .append(" — nothing was sent to the server.");
        for (Finding f : refused) {
            b.append(" [").append(f.operation().rule).append("] ").append(f.subject()).append(": ")
                    .append(f.operation().risk).append(". Safe way: ").append(f.operation().recipe).append('.');
            if (onlineUnavailable.contains(f)) {
                b.append(" (").append(f.operation().setting.key()).append("=online is MySQL/MariaDB's online table"
                        + " copy; on PostgreSQL use expand.)");
            } else if (expandUnavailable.contains(f)) {
                b.append(" (").append(f.operation().setting.key()).append(dialect == Dialect.MYSQL
                        ? "=expand is available on PostgreSQL only.)"
                        : f.operation() == Operation.DROP_COLUMN
                        ? "=expand: the driver could not expand this statement; write it as one action without"
                        + " CASCADE, e.g. ALTER TABLE t DROP COLUMN c.)"
                        : "=expand: the driver could not expand this statement; write it as one action, e.g. ALTER"
                        + " TABLE t ALTER COLUMN c TYPE x [USING …] with no COLLATE.)");
            }
        }
        b.append(" To run it as written anyway, add the comment /* safemigrate:allow ");
        for (int k = 0; k < refused.size(); k++) {
            b.append(k == 0 ? "" : ", ").append(refused.get(k).operation().rule);
        }
        b.append(" */ to the statement, or set ");
        for (int k = 0; k < refused.size(); k++) {
            b.append(k == 0 ? "" : " and ").append(refused.get(k).operation().setting.key()).append("=warn");
        }
        b.append(" (or safemigrate.policy.default=warn).");
        return new PolicyViolationException(b.toString(), refused.get(0).operation().rule);
    }
}
