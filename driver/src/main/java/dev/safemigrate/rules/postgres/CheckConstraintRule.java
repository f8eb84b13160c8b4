package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.shape.AlterTableAdd;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT c] CHECK (…)} takes ACCESS EXCLUSIVE on {@code t} and holds it
 * while it scans every row: reads and writes wait for the whole scan. Sent instead: the same statement
 * with {@code NOT VALID} (brief lock, no scan), then {@code ALTER TABLE t VALIDATE CONSTRAINT c} in its
 * own transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue). How unnamed constraints and
 * re-runs are handled: {@link NotValidConstraintRule}.
 *
 * <p>Left as written: anything after the closing parenthesis ({@code NO INHERIT}, {@code NOT VALID}
 * already, …), {@code ONLY}, several actions, partitioned, temporary, small tables and tables created in
 * the same transaction.
 */
public final class CheckConstraintRule extends NotValidConstraintRule {

    @Override
    public String name() {
        return "add-check";
    }

    @Override
    public String reason() {
        return "ADD CHECK blocks reads and writes of the table while it checks every existing row";
    }

    @Override
    char type() {
        return 'c';
    }

    @Override
    String noun() {
        return "check constraint";
    }

    @Override
    boolean understood(AlterTableAdd a, RuleContext context) {
        return a.tokens().isWord(a.body(), "CHECK") && a.tokens().isPunct(a.body() + 1, '(')
                && a.tokens().closingParen(a.body() + 1) == a.end() - 1;
    }
}
