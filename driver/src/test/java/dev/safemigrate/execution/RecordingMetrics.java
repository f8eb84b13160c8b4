package dev.safemigrate.execution;

import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.sql.StatementKind;

/** The meters the engine reports, counted for tests: retries, give-ups and the last pre-wait. */
final class RecordingMetrics extends DriverMetrics {
    int lockRetries;
    int deadlockRetries;
    int giveUps;
    /** The last pre-wait's nanoseconds, -1 before any. */
    long preWaitNanos = -1;

    @Override
    public void preWait(long nanos) {
        preWaitNanos = nanos;
    }

    @Override
    public void lockRetry(boolean deadlock) {
        lockRetries++;
        if (deadlock) {
            deadlockRetries++;
        }
    }

    @Override
    public void giveUp() {
        giveUps++;
    }

    @Override
    public void statement(StatementKind kind) {
    }

    @Override
    public void ddlFinished(long nanos, boolean success) {
    }

    @Override
    public void batchingRuns(int delta) {
    }

    @Override
    public void batchCommitted(long rows, long nanos) {
    }

    @Override
    public void throttleRead(long nanos) {
    }

    @Override
    public void throttlePause(ThrottleReason reason) {
    }

    @Override
    public void rewrite(String rule) {
    }

    @Override
    public void throttleAbort(ThrottleReason reason) {
    }
}
