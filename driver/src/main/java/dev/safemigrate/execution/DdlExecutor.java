package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.FailureKind;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    private final Backoff backoff;

    public DdlExecutor(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                       TransactionState transaction) {
        this.raw = raw;
        this.support = support;
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.backoff = new Backoff(settings.retryBaseDelay(), settings.retryMaxDelay());
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
                result = inTransaction(parsed, ddl, call);
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
        TimeoutScope scope = support.applyDdlTimeouts(raw, transaction.inTransaction(), settings);
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
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            long attemptStart = System.nanoTime();
            TimeoutScope scope = support.applyDdlTimeouts(raw, false, settings);
            SQLException failure;
            try {
                T result = call.call();
                restoreAfterSuccess(scope);
                return result;
            } catch (SQLException e) {
                restoreAfterFailure(scope, e);
                failure = e;
            }
            FailureKind kind = support.classify(failure);
            if (!kind.isRetryable()) {
                throw failure;
            }
            List<BlockingSession> blockers = support.findBlockers(raw, ddl);
            if (!wholeStringRetryable) {
                throw giveUp(ddl, attempt, started, blockers, failure,
                        "It was not retried: it was sent together with other statements, and MySQL/MariaDB commit"
                                + " after each DDL, so running the string again could apply its first part twice."
                                + " Send each DDL statement on its own.");
            }
            waitBeforeRetry(ddl, attempt, kind, attemptStart, started, blockers, failure, "");
        }
    }

    /** Inside a PostgreSQL transaction: the failure aborted it. See the class comment, (a) to (c). */
    private <T> T inTransaction(ParsedSql parsed, SqlStatement ddl, SqlCall<T> call) throws SQLException {
        long started = System.nanoTime();
        boolean replayFirst = false;
        for (int attempt = 1; ; attempt++) {
            long attemptStart = System.nanoTime();
            if (replayFirst) {
                SQLException replayFailure = replay();
                if (replayFailure != null) {
                    FailureKind kind = support.classify(replayFailure);
                    if (!kind.isRetryable()) {
                        throw replayFailure;
                    }
                    rollbackWholeTransaction();
                    waitBeforeRetry(ddl, attempt, kind, attemptStart, started, support.findBlockers(raw, ddl),
                            replayFailure, " (while replaying the transaction)");
                    continue;
                }
            }
            execute("SAVEPOINT " + SAVEPOINT);
            TimeoutScope scope = support.applyDdlTimeouts(raw, true, settings);
            SQLException failure;
            try {
                T result = call.call();
                restoreAfterSuccess(scope);
                execute("RELEASE SAVEPOINT " + SAVEPOINT);
                return result;
            } catch (SQLException e) {
                failure = e;
            }
            FailureKind kind = support.classify(failure);
            if (!kind.isRetryable()) {
                // Leave the transaction aborted, exactly as it would be without us.
                throw failure;
            }
            // Undoes the failed statement and the SET LOCAL timeouts with it.
            execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
            execute("RELEASE SAVEPOINT " + SAVEPOINT);
            List<BlockingSession> blockers = support.findBlockers(raw, ddl);
            if (attempt >= settings.retryMaxAttempts()) {
                throw exhausted(ddl, attempt, started, blockers, failure);
            }
            List<String> held = support.blockingLocksHeld(raw, transaction.journal().createdTables());
            if (held.isEmpty()) {
                waitBeforeRetry(ddl, attempt, kind, attemptStart, started, blockers, failure,
                        " (rolled back to a savepoint; the transaction holds no lock that blocks others)");
                replayFirst = false;
            } else if (transaction.journal().replayable()) {
                rollbackWholeTransaction();
                waitBeforeRetry(ddl, attempt, kind, attemptStart, started, blockers, failure,
                        " (rolled back the whole transaction, which held " + String.join(", ", held)
                                + "; it will be replayed: " + transaction.journal().entries().size() + " statements)");
                replayFirst = true;
            } else {
                metrics.giveUp();
                throw new DdlLockException(message(ddl, attempt, started, blockers,
                        "It was not retried: waiting would stall other sessions, because this transaction holds "
                                + String.join(", ", held) + ", and it cannot be replayed safely: "
                                + transaction.journal().whyNotReplayable() + ".")
                        + " What to do: run this DDL in its own transaction (a separate migration), before the"
                        + " statements that lock those tables, or outside busy hours.",
                        sqlState(failure), failure.getErrorCode(), attempt, failure);
            }
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

    private void waitBeforeRetry(SqlStatement ddl, int attempt, FailureKind kind, long attemptStart, long started,
                                 List<BlockingSession> blockers, SQLException failure, String how)
            throws SQLException {
        if (attempt >= settings.retryMaxAttempts()) {
            throw exhausted(ddl, attempt, started, blockers, failure);
        }
        metrics.lockRetry(kind == FailureKind.DEADLOCK);
        long delay = backoff.delayMillis(attempt);
        if (log.isWarnEnabled()) {
            log.warn("DDL attempt {}/{} on {} could not get its lock ({}) after {} ms; blocked by {}; retrying in {} ms{}."
                            + " Statement: {}",
                    attempt, settings.retryMaxAttempts(), table(ddl),
                    kind == FailureKind.DEADLOCK ? "deadlock" : "lock timeout " + settings.lockTimeout().toMillis() + " ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStart), describe(blockers), delay, how,
                    LogText.shorten(ddl.text()));
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to retry DDL: " + LogText.shorten(ddl.text()), "HY008", e);
        }
    }

    private DdlLockException exhausted(SqlStatement ddl, int attempt, long started, List<BlockingSession> blockers,
                                       SQLException failure) {
        return giveUp(ddl, attempt, started, blockers, failure,
                "What to do: wait for or end the blocking session"
                        + (blockers.isEmpty() ? "" : " (" + terminateHint(blockers.get(0)) + ")")
                        + " and run the migration again, or allow more time with safemigrate.retry.maxAttempts /"
                        + " safemigrate.retry.maxDelay.");
    }

    private DdlLockException giveUp(SqlStatement ddl, int attempt, long started, List<BlockingSession> blockers,
                                    SQLException failure, String advice) {
        metrics.giveUp();
        return new DdlLockException(message(ddl, attempt, started, blockers, advice), sqlState(failure),
                failure.getErrorCode(), attempt, failure);
    }

    private String message(SqlStatement ddl, int attempts, long started, List<BlockingSession> blockers, String advice) {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return "safemigrate: DDL could not get its lock on " + table(ddl) + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " in " + waited + " ms (lock timeout "
                + settings.lockTimeout().toMillis() + " ms per attempt). Statement: " + LogText.shorten(ddl.text())
                + ". Blocked by: " + describe(blockers) + ". " + advice;
    }

    private String sqlState(SQLException failure) {
        // PostgreSQL's lock_not_available; on MySQL keep the server's own state and code.
        return support.transactionalDdl() ? "55P03" : failure.getSQLState();
    }

    private String terminateHint(BlockingSession s) {
        return support.transactionalDdl() ? "SELECT pg_terminate_backend(" + s.id() + ")" : "KILL " + s.id();
    }

    private static String table(SqlStatement ddl) {
        if (ddl.target() != null) {
            return "table " + ddl.target().sql();
        }
        return ddl.index() != null ? "index " + ddl.index().sql() : "its objects";
    }

    private static String describe(List<BlockingSession> blockers) {
        if (blockers.isEmpty()) {
            return "no session found (it may have ended)";
        }
        StringBuilder sb = new StringBuilder();
        for (BlockingSession b : blockers) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(b);
        }
        return sb.toString();
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
