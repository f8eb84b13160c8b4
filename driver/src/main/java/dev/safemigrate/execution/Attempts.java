package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.FailureKind;
import dev.safemigrate.observe.DriverMetrics;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one attempt loop: runs an action and, when it fails because it could not get a lock (a lock
 * timeout or a deadlock, as the dialect classifies it), waits with {@link Backoff} and runs it again,
 * up to {@code safemigrate.retry.maxAttempts} times. Any other failure reaches the caller unchanged.
 *
 * <p>What differs between the places that retry (a DDL statement on its own or inside a transaction, a
 * concurrent index build, one batch of a batched statement) are {@link Hooks}: what to clean up, whom to
 * name as blocker, what to log and what to throw at the end. One loop keeps the order of those steps,
 * and so the SQL sent, the same everywhere.
 *
 * <p>Used from the thread that uses the connection; it keeps no state between runs.
 */
public final class Attempts {

    /** One try of the work to do. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws SQLException;
    }

    /** How the loop waits; {@link #THREAD} in production, a recording fake in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public static final Sleeper THREAD = Thread::sleep;

    /**
     * An attempt that failed to get its lock.
     *
     * @param attempt 1-based
     * @param blockers from {@link Hooks#blockers()}, empty where nobody asks
     * @param attemptStartNanos {@link System#nanoTime()} when this attempt started
     * @param startNanos {@link System#nanoTime()} when the first attempt started
     */
    public record LockFailure(int attempt, int maxAttempts, FailureKind kind, SQLException cause,
                              List<BlockingSession> blockers, long attemptStartNanos, long startNanos) {

        public boolean deadlock() {
            return kind == FailureKind.DEADLOCK;
        }

        /** How long this attempt ran before it failed, until now. */
        public long attemptMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStartNanos);
        }

        /** How long all attempts took, until now. */
        public long waitedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }
    }

    /**
     * What one kind of retry adds to the loop. After a failed attempt the loop calls, in this order:
     * {@link #failed}, classifies the failure (not a lock failure: throws {@link #notRetried}),
     * {@link #undo}, {@link #blockers}, {@link #refuse}, on the last attempt throws {@link #exhausted},
     * {@link #beforeRetry}, then counts the retry, logs it through {@link #retrying} and sleeps.
     */
    public interface Hooks {

        /** Right after any failure, before it is classified (a cleanup; a verdict that ends the loop by throwing). */
        default void failed(SQLException failure) throws SQLException {
        }

        /** What the caller gets for a failure that is not a lock failure; the failure itself by default. */
        default SQLException notRetried(SQLException failure) {
            return failure;
        }

        /** Undoes what the failed attempt left behind (a savepoint, an aborted transaction). */
        default void undo() throws SQLException {
        }

        /** The sessions that probably held the lock; by default none are looked up. */
        default List<BlockingSession> blockers() {
            return List.of();
        }

        /** The exception to end with at once, attempts left or not, or null to go on. */
        default SQLException refuse(LockFailure failure) {
            return null;
        }

        /** The exception to end with when the last attempt failed to get its lock. */
        SQLException exhausted(LockFailure failure);

        /**
         * Prepares the next attempt (may roll back, may give up by throwing).
         *
         * @return a note for the retry log line, e.g. how the transaction was undone; "" for none
         */
        default String beforeRetry(LockFailure failure) throws SQLException {
            return "";
        }

        /** Logs the retry about to happen after {@code delayMillis}. */
        void retrying(LockFailure failure, long delayMillis, String note);

        /** The message of the HY008 exception when the wait is interrupted. */
        String interruptedMessage();
    }

    private final DatabaseSupport support;
    private final DriverMetrics metrics;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;

    public Attempts(DatabaseSupport support, Settings settings, DriverMetrics metrics) {
        this(support, metrics, settings.retryMaxAttempts(),
                new Backoff(settings.retryBaseDelay(), settings.retryMaxDelay()), THREAD);
    }

    Attempts(DatabaseSupport support, DriverMetrics metrics, int maxAttempts, Backoff backoff, Sleeper sleeper) {
        this.support = support;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** The same loop waiting through another sleeper. */
    public Attempts sleepingWith(Sleeper other) {
        return new Attempts(support, metrics, maxAttempts, backoff, other);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Runs {@code action} until it succeeds, fails otherwise than on a lock, or the attempts are used up. */
    public <T> T run(Action<T> action, Hooks hooks) throws SQLException {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            long attemptStart = System.nanoTime();
            SQLException cause;
            try {
                return action.run();
            } catch (SQLException e) {
                cause = e;
            }
            hooks.failed(cause);
            FailureKind kind = support.classify(cause);
            if (!kind.isRetryable()) {
                throw hooks.notRetried(cause);
            }
            hooks.undo();
            LockFailure failure = new LockFailure(attempt, maxAttempts, kind, cause, hooks.blockers(), attemptStart,
                    start);
            SQLException refusal = hooks.refuse(failure);
            if (refusal != null) {
                throw refusal;
            }
            if (attempt >= maxAttempts) {
                throw hooks.exhausted(failure);
            }
            String note = hooks.beforeRetry(failure);
            metrics.lockRetry(failure.deadlock());
            long delay = backoff.delayMillis(attempt);
            hooks.retrying(failure, delay, note);
            sleep(delay, hooks.interruptedMessage());
        }
    }

    /**
     * Waits; when interrupted, keeps the thread's interrupt flag and throws SQLSTATE HY008 (operation
     * cancelled) with {@code interruptedMessage}, as a cancelled statement would.
     */
    public void sleep(long millis, String interruptedMessage) throws SQLException {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(interruptedMessage, "HY008", e);
        }
    }
}
