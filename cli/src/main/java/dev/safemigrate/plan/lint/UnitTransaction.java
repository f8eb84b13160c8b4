package dev.safemigrate.plan.lint;

import dev.safemigrate.plan.Risk;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.TransactionKind;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.AlterTableAdd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The transaction state of one unit (a migration file) on PostgreSQL, statement by statement: the transaction
 * Flyway wraps it in, an explicit BEGIN not yet ended, the constraints added NOT VALID in the open transaction; and
 * the advice on the transaction control itself (squawk's transaction-nesting, ban-uncommitted-transaction).
 */
final class UnitTransaction {
    private List<SqlStatement> unit = List.of();
    private int position;
    /** Index in {@link #unit} of the statement being checked. */
    private int current;
    private boolean wrapped;
    private boolean explicit;
    private final Set<String> notValid = new HashSet<>();

    void begin(List<SqlStatement> statements, boolean runsInTransaction) {
        unit = List.copyOf(statements);
        position = 0;
        wrapped = runsInTransaction;
        explicit = false;
        notValid.clear();
    }

    /** Moves to {@code s}: the planner skips empty statements, so it may be past the next one. */
    void at(SqlStatement s) {
        current = unit.size();
        for (int k = position; k < unit.size(); k++) {
            if (unit.get(k) == s) {
                current = k;
                break;
            }
        }
        position = current + 1;
    }

    /** Inside a transaction: Flyway's, or one opened by an explicit BEGIN. */
    boolean inTransaction() {
        return explicit || wrapped;
    }

    /** Inside a transaction opened by an explicit BEGIN of this file. */
    boolean explicitlyOpen() {
        return explicit;
    }

    /** The advice on a BEGIN, COMMIT or ROLLBACK, and the state it leaves. */
    Advice control(SqlStatement s) {
        TransactionKind kind = s.transactionKind();
        Advice advice = null;
        if (kind == TransactionKind.BEGIN) {
            if (explicit) {
                advice = new Advice(Linter.TRANSACTION_NESTING, Risk.WARNING, "a transaction is already open:"
                        + " PostgreSQL ignores this BEGIN with a warning, and the first COMMIT ends both");
            } else if (wrapped) {
                advice = new Advice(Linter.TRANSACTION_NESTING, Risk.WARNING, "Flyway already runs this file in a"
                        + " transaction: this BEGIN is ignored with a warning, and its COMMIT commits the work so far,"
                        + " which a later failure can no longer roll back; leave transaction control to Flyway or"
                        + " split the file");
            } else if (!endedLater()) {
                advice = new Advice(Linter.UNCOMMITTED, Risk.DANGER, "no COMMIT or ROLLBACK follows in this file:"
                        + " the transaction stays open, holding its locks, and its changes are lost when the connection"
                        + " closes; add COMMIT");
            }
            explicit = true;
        } else if (kind == TransactionKind.COMMIT || kind == TransactionKind.ROLLBACK) {
            if (!explicit && wrapped) {
                advice = new Advice(Linter.TRANSACTION_NESTING, Risk.WARNING, "this ends the transaction Flyway runs"
                        + " the file in: the work before it is " + (kind == TransactionKind.COMMIT ? "committed"
                        : "undone") + " and the statements after it run in another, so the file is no longer all or"
                        + " nothing; leave transaction control to Flyway or split the file");
            } else if (!explicit) {
                advice = new Advice(Linter.TRANSACTION_NESTING, Risk.WARNING, "there is no transaction to end"
                        + " (PostgreSQL warns and does nothing): remove it or add the BEGIN it belongs to");
            }
            explicit = false;
            notValid.clear();
        }
        return advice;
    }

    private boolean endedLater() {
        for (int k = current + 1; k < unit.size(); k++) {
            TransactionKind t = unit.get(k).transactionKind();
            if (t == TransactionKind.COMMIT || t == TransactionKind.ROLLBACK) {
                return true;
            }
        }
        return false;
    }

    /**
     * squawk's constraint-missing-not-valid, its second case: {@code VALIDATE CONSTRAINT} in the transaction that
     * added the constraint NOT VALID, whose ACCESS EXCLUSIVE lock is still held. Also remembers the constraints
     * {@code s} adds NOT VALID.
     */
    Advice validation(SqlStatement s, boolean created) {
        AlterTable alter = AlterTable.of(s);
        if (alter == null || !inTransaction()) {
            return null;
        }
        SqlCursor c = alter.tokens();
        AlterTableAdd add = AlterTableAdd.of(s);
        if (add != null && add.constraint() != null) {
            for (int k = add.body(); k < add.end(); k++) {
                if (c.isWords(k, "NOT", "VALID")) {
                    notValid.add(add.constraint());
                }
            }
        }
        for (AlterTable.Action a : alter.actions()) {
            int i = a.from();
            if (c.isWords(i, "VALIDATE", "CONSTRAINT") && c.isName(i + 2) && !created
                    && notValid.contains(c.name(i + 2).name())) {
                return new Advice(Linter.VALIDATE_IN_TRANSACTION, Risk.DANGER, "the constraint was added NOT VALID in"
                        + " this same transaction, whose ACCESS EXCLUSIVE lock is still held: the validation's scan"
                        + " blocks reads and writes; validate it in a later migration (or after a COMMIT)");
            }
        }
        return null;
    }
}
