package dev.safemigrate.observe;

import dev.safemigrate.sql.StatementKind;

/** {@link DriverMetrics} without Micrometer: every method does nothing. */
final class NoopDriverMetrics extends DriverMetrics {
    private static final NoopDriverMetrics INSTANCE = new NoopDriverMetrics();

    private NoopDriverMetrics() {
    }

    /** Declared as {@link DriverMetrics} so that verifying a caller never loads this class. */
    static DriverMetrics create() {
        return INSTANCE;
    }

    @Override
    public void statement(StatementKind kind) {
    }

    @Override
    public void ddlFinished(long nanos, boolean success) {
    }

    @Override
    public void lockRetry(boolean deadlock) {
    }

    @Override
    public void preWait(long nanos) {
    }

    @Override
    public void giveUp() {
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
    public void throttlePause(DriverMetrics.ThrottleReason reason) {
    }

    @Override
    public void rewrite(String rule) {
    }

    @Override
    public void throttleAbort(DriverMetrics.ThrottleReason reason) {
    }
}
