package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.ConcurrentWaitGuard;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.execution.onlinecopy.OnlineTableCopy;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.ParsedSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a {@link RewritePlan}: its steps in order, each the way its kind requires, and the
 * transaction policy when the plan cannot run inside the caller's transaction.
 */
public final class PlanRunner {
    private static final Logger log = LoggerFactory.getLogger(PlanRunner.class);

    private final Connection raw;
    private final DatabaseSupport support;
    private final Settings settings;
    private final DriverMetrics metrics;
    private final TransactionState transaction;
    private final DdlExecutor ddl;
    private final Function<String, ParsedSql> parser;
    private final Attempts attempts;
    private final SideConnections side;
    private final Backfill backfill;
    /** Rows the server reported for the statement's own form (MySQL: a table copy counts the rows copied). */
    private long rowsAffected;

    /** Runs a backfill UPDATE in batches; -1 when the batching engine declines it. */
    @FunctionalInterface
    public interface Backfill {
        long run(ParsedSql update) throws SQLException;
    }

    public PlanRunner(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                      TransactionState transaction, DdlExecutor ddl, Function<String, ParsedSql> parser,
                      SideConnections side, Backfill backfill) {
        this.side = side;
        this.backfill = backfill;
        this.raw = raw;
        this.support = support;
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.ddl = ddl;
        this.parser = parser;
        this.attempts = new Attempts(support, settings, metrics);
    }

    /**
     * @return false when the caller must run the original statement itself (policy {@code keep})
     */
    public boolean run(RewritePlan plan) throws SQLException {
        rowsAffected = 0;
        String statement = LogText.shorten(plan.original().text());
        if (plan.isNoOp()) {
            log.info("[{}] {}. Statement: {}", plan.rule().name(), plan.summary(), statement);
            return true;
        }
        if (!transaction.inTransaction()) {
            log.info("[{}] {}. Statement: {}", plan.rule().name(), plan.summary(), statement);
            runSteps(plan, true);
            return true;
        }
        if (!plan.needsAutocommit()) {
            log.info("[{}] {}. Statement: {}", plan.rule().name(), plan.summary(), statement);
            // The journal holds statements as the caller sent them; replaying this one as written would
            // undo the rewrite, so this transaction is not replayed.
            transaction.journal().markNotReplayable("a rewritten statement ran in it: " + statement);
            runSteps(plan, false);
            return true;
        }
        switch (settings.transactionPolicy()) {
            case KEEP:
                if (!plan.rule().mayRunAsWritten()) {
                    throw new SQLException("safemigrate: " + statement + " must run outside a transaction ("
                            + plan.rule().reason() + "; what it does instead: " + plan.summary() + "), and"
                            + " safemigrate.transactionPolicy=keep would run it as written, which is what the policy"
                            + " asked to avoid. Run this migration outside a transaction, or set"
                            + " safemigrate.transactionPolicy=split.", "25001");
                }
                log.info("[{}] not rewritten: safemigrate.transactionPolicy=keep runs it inside the transaction,"
                        + " under the lock timeout. Statement: {}", plan.rule().name(), statement);
                return false;
            case FAIL:
                throw new SQLException("safemigrate: " + statement + " must run outside a transaction to be safe ("
                        + plan.rule().reason() + "; the safe form: " + plan.summary() + "), and"
                        + " safemigrate.transactionPolicy=fail. Run this migration outside a transaction (Flyway does"
                        + " so when the script contains CREATE INDEX CONCURRENTLY; Liquibase: runInTransaction=false),"
                        + " or set safemigrate.transactionPolicy=split or keep.", "25001");
            default:
                TransactionSplit.outside(raw, transaction, plan.rule().name(), plan.summary(), statement, () -> {
                    runSteps(plan, true);
                    return null;
                });
                return true;
        }
    }

    private void runSteps(RewritePlan plan, boolean autocommit) throws SQLException {
        metrics.rewrite(plan.rule().name());
        long start = System.nanoTime();
        boolean success = false;
        try {
            for (Step step : plan.steps()) {
                // A deferred step's SQL depends on what the steps before it did (e.g. the name the server
                // gave an unnamed constraint): computed now by the dialect, never at planning time.
                String sql = step.deferred() == null ? step.sql() : support.resolve(step.deferred(), raw);
                try {
                    switch (step.kind()) {
                        case CONCURRENT:
                            runConcurrent(step, sql);
                            break;
                        case BACKFILL:
                            runBackfill(sql);
                            break;
                        case ONLINE:
                            runOnline(plan, step, sql, autocommit);
                            break;
                        case OWN_TRANSACTION:
                        case LOCKING:
                        default:
                            ParsedSql parsed = parser.apply(sql);
                            if (parsed.firstDdl() == null) {
                                execute(sql); // the driver's own bookkeeping (a record update): no lock to wait for
                            } else {
                                ddl.execute(parsed, () -> execute(sql), autocommit);
                            }
                    }
                } catch (DdlLockException e) {
                    throw e; // already says what happened and what to do
                } catch (SQLException e) {
                    if (step.failureNote() == null) {
                        throw e;
                    }
                    String state = step.failureSqlState() != null && "23514".equals(e.getSQLState())
                            ? step.failureSqlState() : e.getSQLState();
                    throw new SQLException(e.getMessage() + " [safemigrate: " + step.failureNote() + "]",
                            state, e.getErrorCode(), e);
                }
            }
            success = true;
        } finally {
            metrics.ddlFinished(System.nanoTime() - start, success);
        }
    }

    /**
     * The least blocking form first; each weaker one when the server says the operation cannot run that
     * way (nothing was changed by a refused form); then the step's decision: the statement as written, or
     * a refusal. Lock timeouts and deadlocks are retried per form by the {@link DdlExecutor}.
     */
    private void runOnline(RewritePlan plan, Step step, String first, boolean autocommit) throws SQLException {
        CopyFallback fallback = step.online().fallback();
        OnlineTableCopy copy = fallback.onlineCopy() == null ? null
                : new OnlineTableCopy(raw, support, settings, metrics,
                        sql -> ddl.execute(parser.apply(sql), () -> execute(sql), true));
        if (copy != null && copy.unfinished(fallback.onlineCopy(), plan.original().text())) {
            // Sent again after a crash: the online forms could fail on what the copy did (e.g. after the swap).
            copy.run(fallback.onlineCopy(), plan.original().text());
            return;
        }
        List<String> forms = new ArrayList<>();
        forms.add(first);
        forms.addAll(step.online().weaker());
        SQLException refusal = null;
        for (String form : forms) {
            try {
                ddl.execute(parser.apply(form), () -> executeCounting(form), autocommit);
                return;
            } catch (DdlLockException e) {
                throw e;
            } catch (SQLException e) {
                if (!support.algorithmNotSupported(e)) {
                    throw e;
                }
                log.info("[{}] the server cannot run it this way ({}): {}", plan.rule().name(), e.getMessage(),
                        LogText.shorten(form));
                refusal = e;
            }
        }
        CopyFallbackStep.apply(plan, fallback, refusal);
        if (fallback.choice() == CopyFallback.Choice.ONLINE) {
            copy.run(fallback.onlineCopy(), plan.original().text());
            return;
        }
        String asWritten = plan.original().text();
        ddl.execute(parser.apply(asWritten), () -> executeCounting(asWritten), autocommit);
    }

    /** Existing rows filled in batches; as one statement (with a warning) when the engine declines. */
    private void runBackfill(String sql) throws SQLException {
        long rows = backfill.run(parser.apply("/* safemigrate:batch */ " + sql));
        if (rows < 0) {
            log.warn("The batching engine declined the backfill; running it as one statement: {}", LogText.shorten(sql));
            execute(sql);
        }
    }

    /**
     * A step that must run outside a transaction block and holds no lock others wait for: no lock
     * timeout; after a failure its cleanup runs, and lock failures or deadlocks are retried.
     */
    private void runConcurrent(Step step, String sql) throws SQLException {
        ConcurrentStep hooks = new ConcurrentStep(step, sql);
        attempts.run(() -> {
            hooks.guard = support.guardConcurrentStep(raw, side);
            try (ConcurrentWaitGuard guard = hooks.guard) {
                return execute(sql);
            }
        }, hooks);
    }

    /**
     * After a failed concurrent step: its cleanup (an INVALID index left behind), the wait guard's verdict,
     * and the failure with what the cleanup did. No blockers are looked up: the step holds no lock others
     * wait for, and gets no {@link DdlLockException}.
     */
    private final class ConcurrentStep implements Attempts.Hooks {
        private final Step step;
        private final String sql;
        /** The guard of the attempt that ran last. */
        ConcurrentWaitGuard guard;
        /** What the cleanup after the last failure did, or null. */
        private String cleaned;

        ConcurrentStep(Step step, String sql) {
            this.step = step;
            this.sql = sql;
        }

        @Override
        public void failed(SQLException failure) throws SQLException {
            cleaned = cleanUp(step, failure);
            if (guard.verdict() != null) {
                // It waited for a session of this very process: waiting longer cannot help.
                throw new SQLException(guard.verdict() + (cleaned == null ? "" : " safemigrate " + cleaned + "."),
                        support.giveUpSqlState(failure), failure);
            }
        }

        @Override
        public SQLException notRetried(SQLException failure) {
            if (cleaned == null) {
                return failure;
            }
            return new SQLException(failure.getMessage() + " [safemigrate " + cleaned + "; it had sent: "
                    + LogText.shorten(sql) + "]", failure.getSQLState(), failure.getErrorCode(), failure);
        }

        @Override
        public SQLException exhausted(Attempts.LockFailure failure) {
            return notRetried(failure.cause());
        }

        @Override
        public void retrying(Attempts.LockFailure failure, long delayMillis, String note) {
            log.warn("Attempt {}/{} of {} failed after {} ms ({}){}; retrying in {} ms", failure.attempt(),
                    failure.maxAttempts(), LogText.shorten(sql), failure.attemptMillis(), failure.cause().getMessage(),
                    cleaned == null ? "" : "; " + cleaned, delayMillis);
        }

        @Override
        public String interruptedMessage() {
            return "Interrupted while waiting to retry";
        }
    }

    /** Runs the step's cleanup when its condition holds; returns what was done, or null. */
    private String cleanUp(Step step, SQLException failure) {
        Step.Cleanup cleanup = step.cleanup();
        if (cleanup == null) {
            return null;
        }
        try {
            boolean needed;
            try (PreparedStatement ps = raw.prepareStatement(cleanup.condition())) {
                ps.setString(1, cleanup.argument());
                try (ResultSet rs = ps.executeQuery()) {
                    needed = rs.next() && rs.getBoolean(1);
                }
            }
            if (!needed) {
                return null;
            }
            execute(cleanup.action());
            log.warn("{} ({})", cleanup.description(), cleanup.action());
            return cleanup.description();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return null;
        }
    }

    /**
     * The update count the server gave the statement's own form in the last {@link #run} (0 when none): what
     * the caller's {@code executeUpdate}/{@code getUpdateCount} reports, as the real driver would have.
     */
    public long rowsAffected() {
        return rowsAffected;
    }

    /** Runs one form of the caller's statement and keeps the update count the server gave it. */
    private Boolean executeCounting(String sql) throws SQLException {
        try (Statement st = raw.createStatement()) {
            boolean result = st.execute(sql);
            rowsAffected = result ? 0 : Math.max(0, st.getLargeUpdateCount());
            return result;
        }
    }

    private Boolean execute(String sql) throws SQLException {
        try (Statement st = raw.createStatement()) {
            return st.execute(sql);
        }
    }
}
