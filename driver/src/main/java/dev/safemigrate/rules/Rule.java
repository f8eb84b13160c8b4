package dev.safemigrate.rules;

import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;

/**
 * One family of dangerous operations and its safe form: a function from (statement, catalog facts,
 * settings) to a {@link Decision}: a {@link RewritePlan} the engine runs, findings the policies judge, or
 * "as written". A rule logs nothing and throws only when it cannot read the catalog. A rule that does not
 * fully understand the statement decides {@link Decision#AS_WRITTEN}: the statement then runs as written
 * (under the lock timeout). Rules that only rewrite extend {@link RewriteRule}.
 */
public interface Rule {

    /** Short stable name, used in logs, docs and {@code /* safemigrate:allow <name> *}{@code /} comments. */
    String name();

    /** One line: the danger this rule removes. */
    String reason();

    Decision decide(SqlStatement statement, RuleContext context) throws SQLException;
}
