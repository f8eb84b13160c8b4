package dev.safemigrate.rules;

import dev.safemigrate.execution.PolicyEnforcement;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One rule asked about SQL text over a test's catalog facts, read as what a user would notice: the
 * statements sent instead ({@link #steps}), the statement left as written ({@link #asWritten}), or a
 * refusal ({@link #refusal}). Every call of the rule API is here, so that a change of that API (as from a
 * plan, null or an exception to a decision value) changes this class, not the tests.
 */
public final class RuleHarness {
    private final Rule rule;
    private final StatementClassifier classifier;
    private final RuleContext context;

    private RuleHarness(Rule rule, Dialect dialect, RuleContext context) {
        this.rule = rule;
        this.classifier = new StatementClassifier(dialect);
        this.context = context;
    }

    public static RuleHarness postgres(Rule rule, RuleContext context) {
        return new RuleHarness(rule, Dialect.POSTGRESQL, context);
    }

    /** The rules of a dialect, asked in order as the driver asks them (the first plan wins). */
    public static RuleHarness postgres(RuleSet rules, RuleContext context) {
        return postgres(asRule(rules), context);
    }

    private static Rule asRule(RuleSet rules) {
        return new Rule() {
            @Override
            public String name() {
                return "rule set";
            }

            @Override
            public String reason() {
                return "the rules in order";
            }

            @Override
            public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
                // as the engine asks them: findings enforced as they come, the first plan wins
                for (Rule r : rules.rules()) {
                    Decision decision = r.decide(statement, context);
                    if (decision instanceof Decision.Rewrite || decision instanceof Decision.Refused) {
                        return decision;
                    }
                    if (decision instanceof Decision.Findings found) {
                        PolicyEnforcement.enforce(statement, found, context);
                    }
                }
                return Decision.AS_WRITTEN;
            }
        };
    }

    public static RuleHarness mysql(Rule rule, RuleContext context) {
        return new RuleHarness(rule, Dialect.MYSQL, context);
    }

    /**
     * The rule's plan for {@code sql} (its first statement), {@code null} when it leaves it as written; findings
     * are acted on as the engine acts on them ({@code execution.PolicyEnforcement}: logged, or refused by throwing).
     */
    public RewritePlan plan(String sql) throws SQLException {
        SqlStatement statement = classifier.parse(sql).first();
        Decision decision = rule.decide(statement, context);
        if (decision instanceof Decision.Refused refused) {
            throw new PolicyViolationException(refused.message(), refused.rule().name());
        }
        if (decision instanceof Decision.Findings found) {
            PolicyEnforcement.enforce(statement, found, context);
            return null;
        }
        return decision instanceof Decision.Rewrite rewrite ? rewrite.plan() : null;
    }

    /**
     * The SQL of the plan's steps, in order (a deferred step's description); empty when there is nothing to
     * do (a re-run); {@code null} when the statement runs as written.
     */
    public List<String> steps(String sql) throws SQLException {
        RewritePlan plan = plan(sql);
        return plan == null ? null : plan.steps().stream().map(Step::sql).toList();
    }

    /** True when the statement is sent as written: no plan, and no refusal. */
    public boolean asWritten(String sql) throws SQLException {
        return plan(sql) == null;
    }

    /** The refusal of {@code sql}; fails the test when the rule does not refuse it. */
    public PolicyViolationException refusal(String sql) {
        Throwable thrown = catchThrowable(() -> plan(sql));
        assertThat(thrown).as("refused: %s", sql).isInstanceOf(PolicyViolationException.class);
        assertThat(((PolicyViolationException) thrown).getSQLState()).isEqualTo(PolicyViolationException.SQLSTATE);
        return (PolicyViolationException) thrown;
    }
}
