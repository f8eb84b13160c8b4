package dev.safemigrate.spring;

import dev.safemigrate.config.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's start-up report for a {@code safemigrate.*} setting the driver refuses: the driver's message,
 * and what to do.
 */
final class SafeMigrateFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis("safemigrate refused its settings: " + cause.getMessage(),
                "Correct the safemigrate.* property (every setting and its values: docs/settings.md), or set"
                        + " safemigrate.enabled=false to run the migrations without safemigrate.", cause);
    }
}
