package dev.safemigrate.execution;

import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.PolicyJudgement;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one engine step that acts on a rule's findings: judges them by the policies ({@link PolicyJudgement}),
 * logs allowed ones at INFO, throws one {@link PolicyViolationException} when any is refused (nothing is
 * sent), and logs warned ones at WARN with the risk and the recipe. Refusals are decided before anything is
 * logged at WARN, so a refused statement never logs a warning for another of its operations. The lines are
 * logged under the finding rule's logger, where users have always found them.
 */
public final class PolicyEnforcement {
    private PolicyEnforcement() {
    }

    /** Returns normally when the statement may run as written; throws when a finding is refused. */
    public static void enforce(SqlStatement statement, Decision.Findings found, RuleContext context)
            throws PolicyViolationException {
        Logger log = LoggerFactory.getLogger(found.rule().getClass());
        PolicyJudgement judgement = PolicyJudgement.of(statement, found, context.settings());
        String text = judgement.statementText();
        for (Finding f : judgement.allowed()) {
            log.info("[{}] {}: allowed by /* safemigrate:allow {} */ in the statement. Statement: {}",
                    f.operation().rule, f.subject(), f.operation().rule, text);
        }
        for (Finding f : judgement.findings()) {
            context.decided(f, judgement.outcome(f));
        }
        if (judgement.refused()) {
            throw judgement.refusal();
        }
        for (Finding f : judgement.warned()) {
            log.warn("[{}] {}: {}. Safe way: {}. Running it as written ({}=warn; /* safemigrate:allow {} */ in the"
                            + " statement silences this). Statement: {}", f.operation().rule, f.subject(), f.operation().risk,
                    f.operation().recipe, f.operation().setting.key(), f.operation().rule, text);
        }
    }
}
