package dev.safemigrate.rules;

import dev.safemigrate.config.Policy;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the {@code safemigrate.policy.*} settings to the dangerous operations found in one statement, for
 * every dialect: allowed ones (by a {@code /* safemigrate:allow <rule> *}{@code /} comment) are logged at INFO,
 * refused ones throw one {@link PolicyViolationException} naming each of them (nothing is sent), warned ones
 * are logged at WARN with the risk and the recipe. Refusals are decided before anything is logged, so a
 * refused statement never logs a warning for another of its operations.
 */
public final class Policies {
    private Policies() {
    }

    /**
     * Returns normally when the statement may run as written; throws when a finding is refused.
     *
     * @param log the calling rule's logger
     */
    public static void enforce(SqlStatement statement, List<Finding> findings, RuleContext context, Dialect dialect,
                               Logger log) throws PolicyViolationException {
        if (findings.isEmpty()) {
            return;
        }
        String text = LogText.shorten(statement.text().strip());
        Set<String> allowed = AllowComments.allowed(statement.text(), dialect);
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
        for (Finding f : findings) {
            context.decided(f, allowed.contains(f.operation().rule) ? RuleContext.Decision.ALLOWED
                    : refused.contains(f) ? RuleContext.Decision.REFUSED : RuleContext.Decision.WARNED);
        }
        if (!refused.isEmpty()) {
            throw new PolicyViolationException(refusal(text, refused), refused.get(0).operation().rule);
        }
        for (Finding f : warned) {
            log.warn("[{}] {}: {}. Safe way: {}. Running it as written ({}=warn; /* safemigrate:allow {} */ in the"
                            + " statement silences this). Statement: {}", f.operation().rule, f.subject(), f.operation().risk,
                    f.operation().recipe, f.operation().setting.key(), f.operation().rule, text);
        }
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
