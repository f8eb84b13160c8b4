package dev.safemigrate.execution;

import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementKind;

/**
 * Whether a connection is inside a transaction, and the journal of that transaction. Updated by the
 * connection wrapper ({@code setAutoCommit}, {@code commit}, {@code rollback}) and after every
 * statement that ran inside a transaction or was itself a transaction command. One per connection;
 * like a JDBC connection, not meant for concurrent use.
 */
public final class TransactionState {
    private boolean autoCommit;
    private boolean explicitTransaction;
    /** Statements run in the current transaction, for the log when a transaction is split. */
    private int statementCount;
    private final TransactionJournal journal;

    public TransactionState(boolean autoCommit, int journalLimit) {
        this.autoCommit = autoCommit;
        this.journal = new TransactionJournal(journalLimit);
    }

    /** True inside a transaction: autocommit off, or a BEGIN sent as SQL. */
    public boolean inTransaction() {
        return !autoCommit || explicitTransaction;
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** True when the transaction was opened by a BEGIN statement while autocommit was on. */
    public boolean explicitTransaction() {
        return explicitTransaction;
    }

    public TransactionJournal journal() {
        return journal;
    }

    /** {@code setAutoCommit}: switching it (either way) ends any transaction. */
    public void autoCommitSet(boolean value) {
        if (value != autoCommit) {
            transactionEnded();
        }
        autoCommit = value;
    }

    /** {@code commit()}, {@code rollback()}, or a DDL that committed implicitly (MySQL). */
    public void transactionEnded() {
        journal.reset();
        explicitTransaction = false;
        statementCount = 0;
    }

    /**
     * The driver committed the transaction early to run a statement outside it and opened a new one
     * of the same kind (split policy): the new transaction starts empty.
     */
    public void committedEarly() {
        journal.reset();
        statementCount = 0;
    }

    /** Statements run so far in the current transaction. */
    public int statementCount() {
        return statementCount;
    }

    /** A prepared statement ran inside the transaction. */
    public void countStatement() {
        if (inTransaction()) {
            statementCount++;
        }
    }

    /**
     * After a statement sent as SQL text succeeded: follow BEGIN/COMMIT/ROLLBACK sent as SQL, and
     * journal what ran inside the transaction.
     */
    public void afterStatement(ParsedSql parsed, boolean escapeProcessing) {
        if (!parsed.containsTransactionControl()) {
            if (inTransaction()) {
                statementCount++;
                journal.record(parsed, escapeProcessing);
            }
            return;
        }
        for (SqlStatement s : parsed.statements()) {
            if (s.kind() != StatementKind.TRANSACTION) {
                continue;
            }
            switch (s.transactionKind()) {
                case BEGIN:
                    journal.reset();
                    explicitTransaction = autoCommit;
                    break;
                case COMMIT:
                case ROLLBACK:
                    transactionEnded();
                    break;
                default:
                    journal.markNotReplayable("the transaction used " + s.transactionKind()
                            + " (savepoints and transaction commands are not replayed)");
            }
        }
        if (parsed.statementCount() > 1 && inTransaction()) {
            journal.markNotReplayable("a transaction command was sent together with other statements");
        }
    }
}
