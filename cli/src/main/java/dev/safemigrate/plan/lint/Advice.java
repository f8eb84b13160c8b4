package dev.safemigrate.plan.lint;

import dev.safemigrate.plan.Risk;

/**
 * One piece of lint advice on a statement: a habit squawk-style linters check that the driver's own rules do not
 * act on (column types, transaction control, re-runnable statements…). See docs/plan.md, "squawk's rules, side by side".
 *
 * @param rule the lint rule's name, as listed by {@link Linter#rules()} and accepted by {@code --exclude}
 * @param risk how bad it is: {@link Risk#WARNING} for style and breaking-change advice, {@link Risk#DANGER} when
 *     the statement fails or blocks
 * @param message what happens and what to write instead, one line
 */
public record Advice(String rule, Risk risk, String message) {
}
