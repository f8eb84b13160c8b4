package dev.safemigrate.rules;

import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;

/** A rule whose decision is a safe plan or nothing: {@link #plan} returns the plan or {@code null}. */
public abstract class RewriteRule implements Rule {

    @Override
    public final Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        return Decision.rewrite(plan(statement, context));
    }

    /** The safe plan, or {@code null} to leave the statement as written. */
    public abstract RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException;
}
