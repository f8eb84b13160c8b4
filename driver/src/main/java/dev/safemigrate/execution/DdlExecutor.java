package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Runs a SQL string that contains DDL under a short lock timeout and retries it, with backoff,
 * when it cannot get its lock. The rule above all: never sleep while holding a lock that blocks
 * other sessions.
 *
 * <ul>
 *   <li>Outside a transaction (or on MySQL/MariaDB, where DDL commits first): set the timeouts,
 *       run, restore the session's values, retry.</li>
 *   <li>Inside a PostgreSQL transaction, where the failure aborts the transaction:
 *       (a) roll back to a savepoint taken just before the statement and retry, when the
 *       transaction holds no lock that blocks others on a pre-existing table;
 *       (b) otherwise, when the journal can replay the transaction, roll it back whole, wait,
 *       replay it and retry;
 *       (c) otherwise fail at once, explaining why waiting would stall traffic.</li>
 * </ul>
 *
 * One per connection, used from the thread that uses the connection.
 */
public final class DdlExecutor {
    private static final Logger log = LoggerFactory.getLogger(DdlExecutor.class);
    private static final String SAVEPOINT = "safemigrate_ddl";

    private final Connection raw;
    private final DatabaseSupport support;
    private final Settings settings;
    private final DriverMetrics metrics;
    private final TransactionState transaction;
    private final Attempts attempts;
    private final LockTimeoutSchedule schedule;
    private final BlockerWait blockerWait;

    public DdlExecutor(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                       TransactionState transaction) {
        this.raw = raw;
        this.support = support;
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.attempts = new Attempts(support, settings, metrics);
        this.schedule = new LockTimeoutSchedule(settings);
        this.blockerWait = new BlockerWait(raw, support, settings, metrics, attempts);
    }

    /**
     * Runs {@code call} (the caller's original JDBC call for {@code parsed}) with lock timeout and retry.
     */
    public <T> T execute(ParsedSql parsed, SqlCall<T> call) throws SQLException {
        return execute(parsed, call, false);
    }

    /**
     * @param autocommitNow true when the caller has switched the connection to autocommit for this
     *     statement (a split transaction), whatever the transaction state says
     */
    public <T> T execute(ParsedSql parsed, SqlCall<T> call, boolean autocommitNow) throws SQLException {
        SqlStatement ddl = parsed.firstDdl();
        if (ddl.concurrently()) {
            // CONCURRENTLY builds take a lock that blocks no reads or writes, then wait for older
            // transactions; a lock timeout would only abort them and leave an INVALID index behind.
            return call.call();
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            T result;
            if (parsed.containsTransactionControl()) {
                // A COMMIT inside the string could have made part of it permanent: never run it twice.
                result = once(call);
            } else if (support.transactionalDdl() && transaction.inTransaction() && !autocommitNow) {
                result = inTransaction(ddl, call);
            } else {
                result = standalone(parsed, ddl, call);
            }
            success = true;
            return result;
        } finally {
            metrics.ddlFinished(System.nanoTime() - start, success);
            if (!support.transactionalDdl()) {
                // MySQL/MariaDB committed the open transaction before the DDL ran.
                transaction.transactionEnded();
            }
        }
    }

    /**
     * Runs under the lock timeout without retry: for JDBC batches, which drivers clear on failure and
     * may have partly applied, so running them again is not safe.
     */
    public <T> T executeWithoutRetry(ParsedSql parsed, SqlCall<T> call) throws SQLException {
        if (parsed.firstDdl().concurrently()) {
            return call.call();
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            T result = once(call);
            success = true;
            return result;
        } finally {
            metrics.ddlFinished(System.nanoTime() - start, success);
            if (!support.transactionalDdl()) {
                transaction.transactionEnded();
            }
        }
    }

    private <T> T once(SqlCall<T> call) throws SQLException {
        return underTimeouts(call, transaction.inTransaction());
    }

    /** One run of {@code call} under the lock timeout, the session's own values restored after it. */
    private <T> T underTimeouts(SqlCall<T> call, boolean transactionLocal) throws SQLException {
        return underTimeouts(call, transactionLocal, settings.lockTimeout());
    }

    /** One run of {@code call} under {@code lockTimeout}, the session's own values restored after it. */
    private <T> T underTimeouts(SqlCall<T> call, boolean transactionLocal, Duration lockTimeout) throws SQLException {
        TimeoutScope scope = support.applyDdlTimeouts(raw, transactionLocal, settings, lockTimeout);
        T result;
        try {
            result = call.call();
        } catch (SQLException e) {
            restoreAfterFailure(scope, e);
            throw e;
        }
        restoreAfterSuccess(scope);
        return result;
    }

    /** Autocommit, or MySQL/MariaDB: the failed statement left nothing behind; retry it as it is. */
    private <T> T standalone(ParsedSql parsed, SqlStatement ddl, SqlCall<T> call) throws SQLException {
        // PostgreSQL runs a multi-statement string as one implicit transaction, so a failure undoes all
        // of it. MySQL commits after each DDL: retrying a string whose earlier part succeeded would
        // apply that part twice.
        boolean wholeStringRetryable = support.transactionalDdl() || parsed.statementCount() == 1;
        // Nothing is held between attempts here: waiting for long lock holders first stalls nobody, and each
        // attempt's lock timeout grows from lockTimeout.first.
        BlockerWait.Budget waiting = blockerWait.budget();
        int[] attempt = {0};
        return attempts.run(() -> {
            waiting.awaitHolders(ddl);
            return underTimeouts(call, false, schedule.forAttempt(++attempt[0]));
        }, new DdlAttemptHooks(support, settings, metrics, raw, ddl) {
            @Override
            public SQLException refuse(Attempts.LockFailure failure) {
                return wholeStringRetryable ? null : giveUp(failure,
                        "It was not retried: it was sent together with other statements, and MySQL/MariaDB commit"
                                + " after each DDL, so running the string again could apply its first part twice."
                                + " Send each DDL statement on its own.");
            }
        });
    }

    /** Inside a PostgreSQL transaction: the failure aborted it. See the class comment, (a) to (c). */
    private <T> T inTransaction(SqlStatement ddl, SqlCall<T> call) throws SQLException {
        InTransaction hooks = new InTransaction(ddl);
        BlockerWait.Budget waiting = blockerWait.budget();
        int[] attempt = {0};
        return attempts.run(() -> {
            hooks.failedInReplay = false;
            // Waiting first is only harmless when this transaction holds no lock others wait for.
            if (blockerWait.enabled()
                    && support.blockingLocksHeld(raw, transaction.journal().createdTables()).isEmpty()) {
                waiting.awaitHolders(ddl);
            }
            if (hooks.replayFirst) {
                SQLException replayFailure = replay();
                if (replayFailure != null) {
                    hooks.failedInReplay = true;
                    throw replayFailure;
                }
            }
            execute("SAVEPOINT " + SAVEPOINT);
            TimeoutScope scope = support.applyDdlTimeouts(raw, true, settings, schedule.forAttempt(++attempt[0]));
            T result = call.call();
            restoreAfterSuccess(scope);
            execute("RELEASE SAVEPOINT " + SAVEPOINT);
            return result;
        }, hooks);
    }

    /**
     * The savepoint and replay cases, (a) to (c) of the class comment. A failure that is not a lock
     * failure leaves the transaction aborted, exactly as it would be without us.
     */
    private final class InTransaction extends DdlAttemptHooks {
        /** The next attempt replays the transaction first: the last one rolled it back whole. */
        boolean replayFirst;
        /** The last attempt failed while replaying, not in the DDL statement. */
        boolean failedInReplay;

        InTransaction(SqlStatement ddl) {
            super(support, settings, metrics, raw, ddl);
        }

        @Override
        public void undo() throws SQLException {
            if (failedInReplay) {
                rollbackWholeTransaction();
            } else {
                // Undoes the failed statement and the SET LOCAL timeouts with it.
                execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                execute("RELEASE SAVEPOINT " + SAVEPOINT);
            }
        }

        @Override
        public String beforeRetry(Attempts.LockFailure failure) throws SQLException {
            if (failedInReplay) {
                return " (while replaying the transaction)";
            }
            List<String> held = support.blockingLocksHeld(raw, transaction.journal().createdTables());
            if (held.isEmpty()) {
                replayFirst = false;
                return " (rolled back to a savepoint; the transaction holds no lock that blocks others)";
            }
            if (transaction.journal().replayable()) {
                rollbackWholeTransaction();
                replayFirst = true;
                return " (rolled back the whole transaction, which held " + String.join(", ", held)
                        + "; it will be replayed: " + transaction.journal().entries().size() + " statements)";
            }
            throw giveUp(failure, "It was not retried: waiting would stall other sessions, because this transaction"
                    + " holds " + String.join(", ", held) + ", and it cannot be replayed safely: "
                    + transaction.journal().whyNotReplayable() + "."
                    + " What to do: run this DDL in its own transaction (a separate migration), before the"
                    + " statements that lock those tables, or outside busy hours.");
        }
    }

    /** Runs the journal again after a whole-transaction rollback; returns the failure, if any. */
    private SQLException replay() {
        try {
            if (transaction.explicitTransaction()) {
                execute("BEGIN");
            }
            for (TransactionJournal.Entry entry : transaction.journal().entries()) {
                try (Statement st = raw.createStatement()) {
                    st.setEscapeProcessing(entry.escapeProcessing());
                    ParsedSql sql = entry.sql();
                    if (sql.containsDdl() && !sql.firstDdl().concurrently()) {
                        TimeoutScope scope = support.applyDdlTimeouts(raw, true, settings);
                        st.execute(sql.sql());
                        scope.restore();
                    } else {
                        st.execute(sql.sql());
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private void rollbackWholeTransaction() throws SQLException {
        if (transaction.explicitTransaction()) {
            execute("ROLLBACK");
        } else {
            raw.rollback();
        }
    }

    private void restoreAfterSuccess(TimeoutScope scope) {
        try {
            scope.restore();
        } catch (SQLException e) {
            // The DDL itself succeeded; failing now would make the tool run it again.
            log.warn("Could not restore the session's lock timeout after DDL: {}", e.getMessage());
        }
    }

    private static void restoreAfterFailure(TimeoutScope scope, SQLException failure) {
        try {
            scope.restore();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = raw.createStatement()) {
            st.execute(sql);
        }
    }
}
