package dev.safemigrate.execution.batch;

import java.util.function.DoubleSupplier;

/**
 * <b>For tests.</b> Replaces the replication lag every {@link StandardThrottle} in this JVM reads, so
 * tests can exercise PAUSE and ABORT without replicas. Only consulted when {@code batch.maxLag} or
 * {@code batch.criticalLag} is set; the database is then not asked for its lag at all. The supplier
 * returns seconds; {@code Double.NaN} simulates a lag that cannot be read. Always {@link #reset()} after
 * the test (e.g. in {@code @AfterEach}).
 */
public final class LagReaders {
    private static volatile DoubleSupplier override;

    private LagReaders() {
    }

    /** From now on every throttle reads its lag, in seconds, from {@code lagSeconds}. */
    public static void override(DoubleSupplier lagSeconds) {
        override = lagSeconds;
    }

    /** Back to reading the database. */
    public static void reset() {
        override = null;
    }

    /** The test override, or {@code null}. */
    static DoubleSupplier current() {
        return override;
    }
}
