package dev.safemigrate.execution;

import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.RewritePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The engine's half of a {@link CopyFallback}: the server ran none of an ONLINE step's forms, so the
 * statement runs as written (logged) or is refused (thrown: nothing further is sent). Logged under the
 * planning rule's logger, where users have always found these lines.
 */
final class CopyFallbackStep {
    private CopyFallbackStep() {
    }

    /**
     * @param serverAnswer the server's answer to the weakest form tried ({@code null}: none)
     * @throws dev.safemigrate.rules.PolicyViolationException when the fallback's policy refuses
     */
    static void apply(RewritePlan plan, CopyFallback fallback, SQLException serverAnswer) throws SQLException {
        Logger log = LoggerFactory.getLogger(plan.rule().getClass());
        String reason = CopyFallback.reason(serverAnswer);
        String rule = fallback.rule();
        switch (fallback.choice()) {
            case SMALL -> log.info("[{}] {} cannot change online ({}); small enough to run as written. Statement: {}",
                    rule, fallback.subject(), reason, fallback.statementText());
            case ALLOWED -> log.info("[{}] {} cannot change online ({}): allowed by /* safemigrate:allow {} */ in the"
                    + " statement; running it as written. Statement: {}", rule, fallback.subject(), reason, rule,
                    fallback.statementText());
            case ONLINE -> log.info("[{}] {} cannot change online ({}); copying the table online instead (shadow table,"
                    + " triggers, chunked copy, comparison, atomic swap). Statement: {}", rule, fallback.subject(), reason,
                    fallback.statementText());
            case REFUSE -> throw fallback.refusal(reason);
            case WARN -> log.warn("[{}] {}. Safe way: {}. Running it as written under the lock timeout ({}=warn;"
                            + " /* safemigrate:allow {} */ in the statement silences this). Statement: {}", rule,
                    fallback.risk(reason), fallback.recipe(), fallback.setting().key(), rule, fallback.statementText());
        }
    }
}
