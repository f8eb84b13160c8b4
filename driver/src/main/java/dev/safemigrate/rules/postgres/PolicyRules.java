package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Operations that break running application code (drops, renames) or block a big table for as long as
 * they run (table rewrites), under a policy per operation ({@code safemigrate.policy.*}):
 * {@code warn} runs the statement as written, under the lock timeout, and logs at WARN the risk and
 * the expand/contract recipe; {@code refuse} sends nothing and throws a {@code PolicyViolationException}
 * (SQLSTATE {@code SM001}) naming the statement, the risk, the recipe and how to allow it. A
 * {@code /* safemigrate:allow <rule> *}{@code /} comment in the statement allows that operation for
 * that statement (logged at INFO).
 *
 * <p>This rule never rewrites: it decides "as written" or returns its findings, which the engine judges
 * ({@code execution.PolicyEnforcement}: log, or refuse by throwing). A statement that runs keeps the caller's
 * own JDBC call, its result and its place in the transaction journal (a warned statement is replayed as
 * written, as it ran). All checks are asked before anything is judged, so a statement refused for one
 * operation never logs a warning for another. Every check finds nothing in a statement it does not fully
 * understand: the statement then runs as written.
 */
public final class PolicyRules implements Rule {
    private final List<PolicyCheck> checks;

    public PolicyRules() {
        this(List.of(new RenameCheck(), new DropCheck(), new TruncateCheck(), new TableRewriteCheck(),
                new ExclusionConstraintCheck(), new AlterColumnTypeCheck(), new VolatileDefaultCheck()));
    }

    PolicyRules(List<PolicyCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public String reason() {
        return "drops and renames break running code; table rewrites block a big table for as long as they run";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (!statement.isDdl()) {
            return Decision.AS_WRITTEN;
        }
        List<Finding> findings = new ArrayList<>();
        for (PolicyCheck check : checks) {
            findings.addAll(check.findings(statement, context));
        }
        return Decision.findings(this, Dialect.POSTGRESQL, findings);
    }
}
