package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.config.Policy;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.SqlStatement;

/** Whether the user asked for an operation to be expanded: its policy, or the statement's own comments. */
final class ExpandRequest {
    private ExpandRequest() {
    }

    /** {@code /* safemigrate:expand *}{@code /} in the statement: expand it whatever the policy (and the size). */
    static boolean inComment(SqlStatement statement) {
        return Comments.hasDirective(statement, "expand");
    }

    /**
     * The comment, or {@code safemigrate.policy.<operation>=expand} — unless the statement allows the operation as
     * written ({@code /* safemigrate:allow <rule> *}{@code /}), which wins.
     */
    static boolean requested(SqlStatement statement, RuleContext context, Operation operation) {
        return (inComment(statement) || context.settings().policy(operation.setting) == Policy.EXPAND)
                && !AllowComments.allows(statement, operation.rule);
    }
}
