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

    /**
     * Whether the statement may run as written when this rule's plan cannot run where the caller is (inside a
     * transaction with {@code safemigrate.transactionPolicy=keep}). True for the rewrites, whose statement is
     * only slower or more blocking as written; false where running it as written is what the user asked to
     * avoid (an expansion: the statement as written breaks running code).
     */
    default boolean mayRunAsWritten() {
        return true;
    }
}
