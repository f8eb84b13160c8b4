package dev.safemigrate.rules;

import java.util.List;

/**
 * The rules of one dialect, asked in order by the engine: findings are judged by the policies as they come
 * (a refusal stops there), the first plan wins.
 */
public final class RuleSet {
    public static final RuleSet NONE = new RuleSet(List.of());

    private final List<Rule> rules;

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }
}
