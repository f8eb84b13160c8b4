package dev.safemigrate.rules;

import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.List;

/** The rules of one dialect, asked in order; the first plan wins. */
public final class RuleSet {
    public static final RuleSet NONE = new RuleSet(List.of());

    private final List<Rule> rules;

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The first rule's plan for the statement, or {@code null} when every rule leaves it as written. */
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        for (Rule rule : rules) {
            RewritePlan plan = rule.plan(statement, context);
            if (plan != null) {
                return plan;
            }
        }
        return null;
    }
}
