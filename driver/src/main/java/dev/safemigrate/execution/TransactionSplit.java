package dev.safemigrate.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code split} transaction policy: commit the work the caller's transaction has done, run
 * something in autocommit, then open a transaction of the same kind again, so the caller's final
 * commit or rollback applies to what follows. Used by rewrite plans (CONCURRENTLY) and batching.
 */
public final class TransactionSplit {
    private static final Logger log = LoggerFactory.getLogger(TransactionSplit.class);

    private TransactionSplit() {
    }

    /**
     * @param what the safe form, for the log, e.g. "building … CONCURRENTLY"
     * @param source who split (rule name, "batch"), for the log
     */
    public static <T> T outside(Connection raw, TransactionState transaction, String source, String what,
                                String statement, SqlCall<T> body) throws SQLException {
        boolean explicit = transaction.explicitTransaction();
        int committed = transaction.statementCount();
        if (explicit) {
            execute(raw, "COMMIT");
        } else {
            raw.commit();
        }
        transaction.committedEarly();
        if (committed == 0) {
            // The statement opened the transaction: nothing was committed early.
            log.info("[{}] ran {} outside the transaction it opened, then opened a new one for what follows"
                    + " (safemigrate.transactionPolicy=split). Statement: {}", source, what, statement);
        } else {
            log.warn("[{}] split the transaction: committed the {} statement(s) it had run, ran {} in autocommit, and"
                    + " opened a new transaction for what follows (safemigrate.transactionPolicy=split)."
                    + " Statement: {}", source, committed, what, statement);
        }
        if (!explicit) {
            raw.setAutoCommit(true);
        }
        try {
            return body.call();
        } finally {
            if (explicit) {
                execute(raw, "BEGIN");
            } else {
                raw.setAutoCommit(false);
            }
        }
    }

    private static void execute(Connection raw, String sql) throws SQLException {
        try (Statement st = raw.createStatement()) {
            st.execute(sql);
        }
    }
}
