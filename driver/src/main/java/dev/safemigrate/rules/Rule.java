package dev.safemigrate.rules;

import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;

/**
 * One family of dangerous operations and its safe form. A rule is a function from (statement,
 * catalog facts, settings) to a {@link RewritePlan}; the execution engine runs the plan. A rule that
 * does not fully understand the statement returns {@code null}: the statement then runs as written
 * (under the lock timeout).
 */
public interface Rule {

    /** Short stable name, used in logs, docs and {@code /* safemigrate:allow <name> *}{@code /} comments. */
    String name();

    /** One line: the danger this rule removes. */
    String reason();

    /** The safe plan, or {@code null} to leave the statement as written. */
    RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException;
}
