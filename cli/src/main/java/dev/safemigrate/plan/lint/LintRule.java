package dev.safemigrate.plan.lint;

/**
 * A lint rule, for docs and for checking the names given to {@code --exclude}.
 *
 * @param name our name (kebab-case), as in {@link Advice#rule()}
 * @param squawk the squawk rule(s) it stands for
 * @param description what it flags, one line
 */
public record LintRule(String name, String squawk, String description) {
}
