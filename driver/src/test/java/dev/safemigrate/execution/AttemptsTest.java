package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The attempt loop without a database: a fake action, a recording sleeper, the real dialect classifiers. */
class AttemptsTest {
    private static final int MAX_ATTEMPTS = 5;
    private static final String DDL = "ALTER TABLE accounts ADD COLUMN note text";
    private static final BlockingSession BLOCKER = new BlockingSession(42, "app", "billing", "idle in transaction",
            Duration.ofSeconds(3), "UPDATE accounts SET balance = 0", "RowExclusiveLock");

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<Long> sleeps = new ArrayList<>();
    private final Attempts.Sleeper recordingSleeper = sleeps::add;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private Attempts attempts(DatabaseSupport support, Attempts.Sleeper sleeper) {
        return new Attempts(support, metrics, MAX_ATTEMPTS, backoff, sleeper);
    }

    private DdlAttemptHooks ddlHooks(DatabaseSupport support, List<BlockingSession> blockers) {
        return new DdlAttemptHooks(support, Settings.defaults(), metrics, "table accounts", DDL, () -> blockers);
    }

    private static SQLException lockTimeout() {
        return new SQLException("canceling statement due to lock timeout", "55P03");
    }

    @RepeatedTest(5)
    void aLockTimeoutIsRetriedWithBackoffUntilTheActionSucceeds() throws SQLException {
        FailingAction action = new FailingAction(3, AttemptsTest::lockTimeout);

        String result = attempts(new PostgresSupport(), recordingSleeper).run(action, ddlHooks(new PostgresSupport(), List.of()));

        assertThat(result).isEqualTo("done");
        assertThat(action.calls).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        for (int retry = 1; retry <= sleeps.size(); retry++) {
            assertThat(sleeps.get(retry - 1)).isBetween(0L, backoff.ceilingMillis(retry));
        }
        assertThat(metrics.lockRetries).isEqualTo(3);
        assertThat(metrics.deadlockRetries).isZero();
        assertThat(metrics.giveUps).isZero();
    }

    @Test
    void aDeadlockIsRetriedAndCountedAsOne() throws SQLException {
        FailingAction action = new FailingAction(1, () -> new SQLException("deadlock detected", "40P01"));

        attempts(new PostgresSupport(), recordingSleeper).run(action, ddlHooks(new PostgresSupport(), List.of()));

        assertThat(action.calls).isEqualTo(2);
        assertThat(metrics.deadlockRetries).isEqualTo(1);
    }

    @Test
    void anyOtherFailureReachesTheCallerUnchangedAtOnce() {
        SQLException missing = new SQLException("relation \"accounts\" does not exist", "42P01");
        FailingAction action = new FailingAction(1, () -> missing);

        SQLException thrown = catchThrowableOfType(() -> attempts(new PostgresSupport(), recordingSleeper)
                .run(action, ddlHooks(new PostgresSupport(), List.of(BLOCKER))), SQLException.class);

        assertThat((Throwable) thrown).isSameAs(missing);
        assertThat(action.calls).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(metrics.lockRetries + metrics.giveUps).isZero();
    }

    @Test
    void onPostgresqlItGivesUpAfterTheLastAttemptWithLockNotAvailable() {
        // A deadlock on the last attempt still ends as 55P03: tools that react to lock timeouts recognise it.
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        FailingAction action = new FailingAction(Integer.MAX_VALUE, () -> deadlock);

        DdlLockException e = catchThrowableOfType(() -> attempts(new PostgresSupport(), recordingSleeper)
                .run(action, ddlHooks(new PostgresSupport(), List.of(BLOCKER))), DdlLockException.class);

        assertThat(action.calls).isEqualTo(MAX_ATTEMPTS);
        assertThat(sleeps).hasSize(MAX_ATTEMPTS - 1);
        assertThat(e.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(e.getSQLState()).isEqualTo("55P03");
        assertThat(e.getCause()).isSameAs(deadlock);
        assertThat(e.getMessage())
                .startsWith("safemigrate: DDL could not get its lock on table accounts after 5 attempts in ")
                .contains("(lock timeout " + Settings.defaults().lockTimeoutFirst().toMillis() + " ms growing to "
                        + new LockTimeoutSchedule(Settings.defaults()).forAttempt(MAX_ATTEMPTS).toMillis()
                        + " ms per attempt)")
                .contains("Statement: " + DDL)
                .contains("Blocked by: " + BLOCKER)
                .contains("What to do: wait for or end the blocking session (SELECT pg_terminate_backend(42))")
                .endsWith("safemigrate.retry.maxAttempts / safemigrate.retry.maxDelay.");
        assertThat(metrics.lockRetries).isEqualTo(MAX_ATTEMPTS - 1);
        assertThat(metrics.giveUps).isEqualTo(1);
    }

    @Test
    void onMySqlTheGiveUpKeepsTheServersStateAndCode() {
        // Connector/J reports ER_LOCK_WAIT_TIMEOUT as 40001; the classifier goes by the code.
        FailingAction action = new FailingAction(Integer.MAX_VALUE,
                () -> new SQLException("Lock wait timeout exceeded; try restarting transaction", "40001", 1205));
        MySqlSupport mysql = new MySqlSupport("MariaDB");

        DdlLockException e = catchThrowableOfType(() -> attempts(mysql, recordingSleeper)
                .run(action, ddlHooks(mysql, List.of(BLOCKER))), DdlLockException.class);

        assertThat(e.getSQLState()).isEqualTo("40001");
        assertThat(e.getErrorCode()).isEqualTo(1205);
        assertThat(e.getMessage()).contains("(KILL 42)");
    }

    @Test
    void withoutBlockersTheMessageSaysNoneWasFound() {
        FailingAction action = new FailingAction(Integer.MAX_VALUE, AttemptsTest::lockTimeout);

        DdlLockException e = catchThrowableOfType(() -> attempts(new PostgresSupport(), recordingSleeper)
                .run(action, ddlHooks(new PostgresSupport(), List.of())), DdlLockException.class);

        assertThat(e.getMessage()).contains("Blocked by: no session found (it may have ended). What to do: wait for"
                + " or end the blocking session and run the migration again");
    }

    @Test
    void anInterruptedWaitIsHy008AndKeepsTheInterruptFlag() {
        InterruptedException interrupt = new InterruptedException("sleep interrupted");
        FailingAction action = new FailingAction(Integer.MAX_VALUE, AttemptsTest::lockTimeout);

        SQLException e = catchThrowableOfType(() -> attempts(new PostgresSupport(), millis -> {
            throw interrupt;
        }).run(action, ddlHooks(new PostgresSupport(), List.of())), SQLException.class);

        assertThat((Throwable) e).isNotInstanceOf(DdlLockException.class);
        assertThat(e.getSQLState()).isEqualTo("HY008");
        assertThat(e.getMessage()).isEqualTo("Interrupted while waiting to retry DDL: " + DDL);
        assertThat(e.getCause()).isSameAs(interrupt);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(action.calls).isEqualTo(1);
    }

    @Test
    void theRealSleepOfAnInterruptedThreadEndsAtOnce() {
        Thread.currentThread().interrupt();

        SQLException e = catchThrowableOfType(() -> attempts(new PostgresSupport(), Attempts.THREAD)
                .sleep(60_000, "Interrupted between batches"), SQLException.class);

        assertThat(e.getSQLState()).isEqualTo("HY008");
        assertThat(e.getMessage()).isEqualTo("Interrupted between batches");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void theHooksRunInTheirDocumentedOrder() throws SQLException {
        List<String> calls = new ArrayList<>();
        FailingAction action = new FailingAction(1, AttemptsTest::lockTimeout);
        Attempts.Hooks hooks = new Attempts.Hooks() {
            @Override
            public void failed(SQLException failure) {
                calls.add("failed");
            }

            @Override
            public void undo() {
                calls.add("undo");
            }

            @Override
            public List<BlockingSession> blockers() {
                calls.add("blockers");
                return List.of(BLOCKER);
            }

            @Override
            public SQLException refuse(Attempts.LockFailure failure) {
                calls.add("refuse");
                return null;
            }

            @Override
            public SQLException exhausted(Attempts.LockFailure failure) {
                calls.add("exhausted");
                return failure.cause();
            }

            @Override
            public String beforeRetry(Attempts.LockFailure failure) {
                calls.add("beforeRetry");
                return " (note)";
            }

            @Override
            public void retrying(Attempts.LockFailure failure, long delayMillis, String note) {
                calls.add("retrying " + failure.attempt() + "/" + failure.maxAttempts() + note
                        + " blockers " + failure.blockers().size());
            }

            @Override
            public String interruptedMessage() {
                return "interrupted";
            }
        };

        attempts(new PostgresSupport(), millis -> calls.add("sleep")).run(action, hooks);

        assertThat(calls).containsExactly("failed", "undo", "blockers", "refuse", "beforeRetry",
                "retrying 1/5 (note) blockers 1", "sleep");
    }

    @Test
    void aRefusalEndsTheLoopBeforeAnyRetry() {
        FailingAction action = new FailingAction(Integer.MAX_VALUE, AttemptsTest::lockTimeout);
        DdlAttemptHooks hooks = new DdlAttemptHooks(new PostgresSupport(), Settings.defaults(), metrics,
                "table accounts", DDL, List::of) {
            @Override
            public SQLException refuse(Attempts.LockFailure failure) {
                return giveUp(failure, "It was not retried.");
            }
        };

        DdlLockException e = catchThrowableOfType(() -> attempts(new PostgresSupport(), recordingSleeper)
                .run(action, hooks), DdlLockException.class);

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains(" after 1 attempt in ").endsWith("It was not retried.");
        assertThat(sleeps).isEmpty();
        assertThat(metrics.giveUps).isEqualTo(1);
    }

    /** Fails {@code failures} times, then returns "done". */
    private static final class FailingAction implements Attempts.Action<String> {
        private final int failures;
        private final java.util.function.Supplier<SQLException> failure;
        int calls;

        FailingAction(int failures, java.util.function.Supplier<SQLException> failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public String run() throws SQLException {
            calls++;
            if (calls <= failures) {
                throw failure.get();
            }
            return "done";
        }
    }
}
