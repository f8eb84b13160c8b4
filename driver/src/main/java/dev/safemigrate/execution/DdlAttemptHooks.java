package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link Attempts} hooks every DDL retry shares: the blockers on the statement's table, the
 * retry warning, and the {@link DdlLockException} that says what blocked it and what to do. The
 * savepoint and replay cases of {@link DdlExecutor} extend it.
 */
class DdlAttemptHooks implements Attempts.Hooks {
    /** The retry warnings keep the logger users configure: DdlExecutor's. */
    private static final Logger log = LoggerFactory.getLogger(DdlExecutor.class);

    private final DatabaseSupport support;
    private final LockTimeoutSchedule schedule;
    private final DriverMetrics metrics;
    private final String objects;
    private final String statement;
    private final Supplier<List<BlockingSession>> blockers;

    /**
     * @param objects what the statement locks, for messages: {@code table public.t}, {@code index i}
     * @param statement the statement's text, shortened in messages
     */
    DdlAttemptHooks(DatabaseSupport support, Settings settings, DriverMetrics metrics, String objects, String statement,
                    Supplier<List<BlockingSession>> blockers) {
        this.support = support;
        this.schedule = new LockTimeoutSchedule(settings);
        this.metrics = metrics;
        this.objects = objects;
        this.statement = statement;
        this.blockers = blockers;
    }

    /** For {@code ddl} sent on {@code raw}: blockers are looked up on its table or index. */
    DdlAttemptHooks(DatabaseSupport support, Settings settings, DriverMetrics metrics, Connection raw,
                    SqlStatement ddl) {
        this(support, settings, metrics, objects(ddl), ddl.text(), () -> support.findBlockers(raw, ddl));
    }

    @Override
    public List<BlockingSession> blockers() {
        return blockers.get();
    }

    @Override
    public SQLException exhausted(Attempts.LockFailure failure) {
        List<BlockingSession> found = failure.blockers();
        return giveUp(failure, "What to do: wait for or end the blocking session"
                + (found.isEmpty() ? "" : " (" + support.terminateHint(found.get(0)) + ")")
                + " and run the migration again, or allow more time with safemigrate.retry.maxAttempts /"
                + " safemigrate.retry.maxDelay.");
    }

    @Override
    public void retrying(Attempts.LockFailure failure, long delayMillis, String note) {
        if (log.isWarnEnabled()) {
            log.warn("DDL attempt {}/{} on {} could not get its lock ({}) after {} ms; blocked by {}; retrying in {} ms{}."
                            + " Statement: {}",
                    failure.attempt(), failure.maxAttempts(), objects,
                    failure.deadlock() ? "deadlock" : "lock timeout "
                            + schedule.forAttempt(failure.attempt()).toMillis() + " ms",
                    failure.attemptMillis(), describe(failure.blockers()), delayMillis, note,
                    LogText.shorten(statement));
        }
    }

    @Override
    public String interruptedMessage() {
        return "Interrupted while waiting to retry DDL: " + LogText.shorten(statement);
    }

    /** Counts the give-up and explains it: what was tried, who blocked, then {@code advice}. */
    final DdlLockException giveUp(Attempts.LockFailure failure, String advice) {
        metrics.giveUp();
        SQLException cause = failure.cause();
        return new DdlLockException(message(failure, advice), support.giveUpSqlState(cause), cause.getErrorCode(),
                failure.attempt(), cause);
    }

    private String message(Attempts.LockFailure failure, String advice) {
        int attempts = failure.attempt();
        return "safemigrate: DDL could not get its lock on " + objects + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " in " + failure.waitedMillis() + " ms (lock timeout "
                + timeouts(attempts) + "). Statement: " + LogText.shorten(statement)
                + ". Blocked by: " + describe(failure.blockers()) + ". " + advice;
    }

    /** "1000 ms per attempt", or "50 ms growing to 1000 ms" when the schedule grows. */
    private String timeouts(int attempts) {
        long first = schedule.forAttempt(1).toMillis();
        long last = schedule.forAttempt(attempts).toMillis();
        return first == last ? last + " ms per attempt" : first + " ms growing to " + last + " ms per attempt";
    }

    static String objects(SqlStatement ddl) {
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
}
