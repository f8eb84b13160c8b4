package dev.safemigrate.observe.micrometer;

import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.sql.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * {@link DriverMetrics} on a Micrometer registry: the meters are registered once per registry and looked up
 * by index on the hot path (no tag building, no map lookups per statement). Meter names and tags are listed
 * on {@link DriverMetrics}.
 *
 * <p>{@link DriverMetrics} loads this class only after it found Micrometer, so the driver runs without
 * Micrometer on the class path. Besides this package only {@code dev.safemigrate.SafeMigrate} (which takes
 * a registry from the application, so is loaded by applications that have Micrometer) and the command
 * line's demo (its jar bundles Micrometer) name Micrometer's types ({@code MicrometerOptionalTest}).
 */
public final class MicrometerDriverMetrics extends DriverMetrics {
    private final MeterRegistry registry;

    private final Counter[] statementsByKind;
    private final Timer ddlSucceeded;
    private final Timer ddlFailed;
    private final Counter lockTimeoutRetries;
    private final Timer preWaitTime;
    private final Counter deadlockRetries;
    private final Counter giveUps;
    private final Counter batchRows;
    private final Counter batches;
    private final Timer batchTime;
    private final java.util.concurrent.atomic.AtomicInteger batchingRuns = new java.util.concurrent.atomic.AtomicInteger();
    private final Timer throttleTime;
    private final Counter[] throttlePauses;
    private final Counter[] throttleAborts;

    private MicrometerDriverMetrics(MeterRegistry registry) {
        this.registry = registry;
        StatementKind[] kinds = StatementKind.values();
        statementsByKind = new Counter[kinds.length];
        for (StatementKind kind : kinds) {
            statementsByKind[kind.ordinal()] = Counter.builder("safemigrate.statements")
                    .description("Statements executed through the safemigrate driver")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        ddlSucceeded = ddlTimer(registry, "success");
        ddlFailed = ddlTimer(registry, "failure");
        lockTimeoutRetries = retries(registry, "lock_timeout");
        preWaitTime = Timer.builder("safemigrate.ddl.prewait")
                .description("Time DDL statements waited for long lock holders before queueing (safemigrate.preWait)")
                .register(registry);
        deadlockRetries = retries(registry, "deadlock");
        giveUps = Counter.builder("safemigrate.ddl.giveups")
                .description("DDL statements that could not get their lock within the allowed attempts")
                .register(registry);
        batchRows = Counter.builder("safemigrate.batch.rows")
                .description("Rows changed by batched statements").register(registry);
        batches = Counter.builder("safemigrate.batch.batches")
                .description("Batches committed by batched statements").register(registry);
        batchTime = Timer.builder("safemigrate.batch.duration")
                .description("Time of one batch, its journal update and commit included").register(registry);
        io.micrometer.core.instrument.Gauge.builder("safemigrate.batch.active", batchingRuns, Number::doubleValue)
                .description("Batched statements running now").register(registry);
        throttleTime = Timer.builder("safemigrate.batch.throttle.time")
                .description("Time the batching throttle spent reading replication lag and server load")
                .register(registry);
        ThrottleReason[] reasons = ThrottleReason.values();
        throttlePauses = new Counter[reasons.length];
        throttleAborts = new Counter[reasons.length];
        for (ThrottleReason reason : reasons) {
            throttlePauses[reason.ordinal()] = Counter.builder("safemigrate.batch.throttle.pauses")
                    .description("Batching throttle decisions to pause, by reason")
                    .tag("reason", reason.tag())
                    .register(registry);
            if (reason != ThrottleReason.PAUSE) {
                throttleAborts[reason.ordinal()] = Counter.builder("safemigrate.batch.throttle.aborts")
                        .description("Batching throttle decisions to abort, by reason")
                        .tag("reason", reason.tag())
                        .register(registry);
            }
        }
    }

    private static Timer ddlTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("safemigrate.ddl.duration")
                .description("DDL wall time including lock retries")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static Counter retries(MeterRegistry registry, String reason) {
        return Counter.builder("safemigrate.ddl.lock.retries")
                .description("DDL attempts that failed to get a lock and were retried")
                .tag("reason", reason)
                .register(registry);
    }

    /** The meters on Micrometer's global registry ({@code Metrics.globalRegistry}): the default. */
    public static DriverMetrics global() {
        return new MicrometerDriverMetrics(Metrics.globalRegistry);
    }

    /**
     * The meters on {@code registry}, which must be a {@link MeterRegistry} (typed {@code Object} so that
     * {@link DriverMetrics#useRegistry(Object)} names no Micrometer type).
     */
    public static DriverMetrics on(Object registry) {
        if (!(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException("not a Micrometer MeterRegistry: " + registry.getClass().getName());
        }
        return new MicrometerDriverMetrics((MeterRegistry) registry);
    }

    @Override
    public void statement(StatementKind kind) {
        statementsByKind[kind.ordinal()].increment();
    }

    @Override
    public void ddlFinished(long nanos, boolean success) {
        (success ? ddlSucceeded : ddlFailed).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void lockRetry(boolean deadlock) {
        (deadlock ? deadlockRetries : lockTimeoutRetries).increment();
    }

    @Override
    public void preWait(long nanos) {
        preWaitTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void giveUp() {
        giveUps.increment();
    }

    @Override
    public void batchingRuns(int delta) {
        batchingRuns.addAndGet(delta);
    }

    @Override
    public void batchCommitted(long rows, long nanos) {
        batches.increment();
        batchRows.increment(rows);
        batchTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void throttleRead(long nanos) {
        throttleTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void throttlePause(ThrottleReason reason) {
        throttlePauses[reason.ordinal()].increment();
    }

    @Override
    public void rewrite(String rule) {
        Counter.builder("safemigrate.rewrites")
                .description("Statements replaced by a rule's safe form, by rule")
                .tag("rule", rule)
                .register(registry)
                .increment();
    }

    @Override
    public void throttleAbort(ThrottleReason reason) {
        Counter c = throttleAborts[reason.ordinal()];
        if (c != null) {
            c.increment();
        }
    }
}
