package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.Objects;

/**
 * Asks the dialect's rules for a safe form of a DDL statement and runs it. One per connection; also
 * the {@link RuleContext} the rules read from.
 */
public final class Rewriter implements RuleContext {
    private final RuleSet rules;
    private final Catalog catalog;
    private final Settings settings;
    private final TransactionState transaction;
    private final PlanRunner runner;

    public Rewriter(RuleSet rules, Catalog catalog, Settings settings, TransactionState transaction, PlanRunner runner) {
        this.rules = rules;
        this.catalog = catalog;
        this.settings = settings;
        this.transaction = transaction;
        this.runner = runner;
    }

    /**
     * Runs the safe form of {@code parsed} when a rule has one.
     *
     * @return true when the statement was handled; false when the caller runs it as written
     */
    public boolean tryRewrite(ParsedSql parsed) throws SQLException {
        // A string of several statements is never rewritten: its parts could not be told apart in the
        // results the caller reads, and splitting a transaction in its middle would surprise.
        if (!settings.rewrite() || catalog == null || rules.rules().isEmpty() || parsed.statementCount() != 1) {
            return false;
        }
        RewritePlan plan = decide(parsed.firstDdl());
        if (plan == null) {
            return false;
        }
        try {
            return runner.run(plan);
        } finally {
            catalog.invalidate();
        }
    }

    /** The update count of the statement the last {@link #tryRewrite} handled (see {@link PlanRunner#rowsAffected()}). */
    public long rowsAffected() {
        return runner.rowsAffected();
    }

    /**
     * For {@code safemigrate.dryRun}: says what {@link #tryRewrite} and the lock-timeout executor would do
     * with {@code parsed}, without sending anything but the catalog reads the rules make.
     */
    public String describe(ParsedSql parsed) {
        String asWritten = "would run it as written under lock timeout " + settings.lockTimeout().toMillis()
                + " ms, up to " + settings.retryMaxAttempts() + " attempt(s)";
        if (!settings.rewrite() || catalog == null || rules.rules().isEmpty() || parsed.statementCount() != 1) {
            return asWritten;
        }
        try {
            RewritePlan plan = decide(parsed.firstDdl());
            if (plan == null) {
                return asWritten;
            }
            if (plan.isNoOp()) {
                return "would send nothing (" + plan.summary() + ")";
            }
            StringBuilder steps = new StringBuilder();
            for (var step : plan.steps()) {
                steps.append(steps.length() == 0 ? "" : "; ").append(step.sql());
            }
            return "would send instead [" + plan.rule().name() + "] " + steps
                    + (plan.needsAutocommit() && inTransaction() ? " (after committing the open transaction, policy "
                    + settings.transactionPolicy().name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
        } catch (PolicyViolationException refused) {
            return "would refuse it (SQLSTATE " + refused.getSQLState() + "): " + refused.getMessage();
        } catch (SQLException | RuntimeException e) {
            return asWritten + " (the rules could not read the catalog: " + e.getMessage() + ")";
        } finally {
            catalog.invalidate();
        }
    }

    /**
     * Asks the rules in order and acts on their decisions: findings are judged by the policies as they come
     * (logged, or a refusal thrown: nothing is sent), the first plan wins.
     *
     * @return the plan to run, or {@code null} to run the statement as written
     */
    private RewritePlan decide(SqlStatement statement) throws SQLException {
        for (Rule rule : rules.rules()) {
            Decision decision = rule.decide(statement, this);
            if (decision instanceof Decision.Rewrite rewrite) {
                return rewrite.plan();
            }
            if (decision instanceof Decision.Findings findings) {
                PolicyEnforcement.enforce(statement, findings, this);
            }
            if (decision instanceof Decision.Refused refused) {
                throw new PolicyViolationException(refused.message(), refused.rule().name());
            }
        }
        return null;
    }

    /** The driver ran DDL: forget cached catalog facts. */
    public void schemaChanged() {
        if (catalog != null) {
            catalog.invalidate();
        }
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public boolean inTransaction() {
        return transaction.inTransaction();
    }

    @Override
    public boolean createdInTransaction(QualifiedName table) {
        if (!transaction.inTransaction()) {
            return false;
        }
        for (QualifiedName created : transaction.journal().createdTables()) {
            if (created.name().equals(table.name())
                    && (created.schema() == null || table.schema() == null
                    || Objects.equals(created.schema(), table.schema()))) {
                return true;
            }
        }
        return false;
    }
}
