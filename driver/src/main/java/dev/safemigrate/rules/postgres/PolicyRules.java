package dev.safemigrate.rules.postgres;

import dev.safemigrate.config.Policy;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operations that break running application code (drops, renames) or block a big table for as long as
 * they run (table rewrites), under a policy per operation ({@code safemigrate.policy.*}):
 * {@code warn} runs the statement as written, under the lock timeout, and logs at WARN the risk and
 * the expand/contract recipe; {@code refuse} sends nothing and throws a {@link PolicyViolationException}
 * (SQLSTATE {@code SM001}) naming the statement, the risk, the recipe and how to allow it. A
 * {@code /* safemigrate:allow <rule> *}{@code /} comment in the statement allows that operation for
 * that statement (logged at INFO).
 *
 * <p>This rule never rewrites: it returns {@code null} (run as written) or throws. Returning
 * {@code null} keeps the caller's own JDBC call, its result and its place in the transaction journal
 * (a warned statement is replayed as written, as it ran). All checks are asked before anything is
 * logged, so a statement refused for one operation never logs a warning for another. Every check
 * finds nothing in a statement it does not fully understand: the statement then runs as written.
 */
public final class PolicyRules implements Rule {
    private static final Logger log = LoggerFactory.getLogger(PolicyRules.class);

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
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (!statement.isDdl()) {
            return null;
        }
        List<Finding> findings = new ArrayList<>();
        for (PolicyCheck check : checks) {
            findings.addAll(check.findings(statement, context));
        }
        if (findings.isEmpty()) {
            return null;
        }
        String text = LogText.shorten(statement.text().strip());
        Set<String> allowed = AllowComments.allowed(statement.text(), Dialect.POSTGRESQL);
        List<Finding> refused = new ArrayList<>();
        List<Finding> warned = new ArrayList<>();
        for (Finding f : findings) {
            if (allowed.contains(f.operation().rule)) {
                log.info("[{}] {}: allowed by /* safemigrate:allow {} */ in the statement. Statement: {}",
                        f.operation().rule, f.subject(), f.operation().rule, text);
            } else if (context.settings().policy(f.operation().setting) == Policy.REFUSE) {
                refused.add(f);
            } else {
                warned.add(f);
            }
        }
        if (!refused.isEmpty()) {
            throw new PolicyViolationException(refusal(text, refused), refused.get(0).operation().rule);
        }
        for (Finding f : warned) {
            log.warn("[{}] {}: {}. Safe way: {}. Running it as written ({}=warn; /* safemigrate:allow {} */ in the"
                            + " statement silences this). Statement: {}", f.operation().rule, f.subject(), f.operation().risk,
                    f.operation().recipe, f.operation().setting.key(), f.operation().rule, text);
        }
        return null;
    }

    static String refusal(String statement, List<Finding> refused) {
        StringBuilder b = new StringBuilder("safemigrate refused ").append(statement).append(" — nothing was sent to the server.");
        for (Finding f : refused) {
            b.append(" [").append(f.operation().rule).append("] ").append(f.subject()).append(": ")
                    .append(f.operation().risk).append(". Safe way: ").append(f.operation().recipe).append('.');
        }
        b.append(" To run it as written anyway, add the comment /* safemigrate:allow ");
        for (int k = 0; k < refused.size(); k++) {
            b.append(k == 0 ? "" : ", ").append(refused.get(k).operation().rule);
        }
        b.append(" */ to the statement, or set ");
        for (int k = 0; k < refused.size(); k++) {
            b.append(k == 0 ? "" : " and ").append(refused.get(k).operation().setting.key()).append("=warn");
        }
        return b.append(" (or safemigrate.policy.default=warn).").toString();
    }
}
