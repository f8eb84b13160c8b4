package dev.safemigrate.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Off only for {@code safemigrate.enabled=false}. Any other value keeps the starter on, so that the driver's
 * check refuses a misspelt one ({@code flase}) at start-up: {@code @ConditionalOnProperty(havingValue = "true")}
 * would take it for "off" and let the migrations run unguarded without a word.
 */
final class SafeMigrateEnabled extends SpringBootCondition {
    static final String PROPERTY = "safemigrate.enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String value = context.getEnvironment().getProperty(PROPERTY);
        if (value != null && value.strip().equalsIgnoreCase("false")) {
            return ConditionOutcome.noMatch(PROPERTY + " is false");
        }
        return ConditionOutcome.match(value == null ? PROPERTY + " is not set" : PROPERTY + " is " + value);
    }
}
