package dev.safemigrate.observe;

import dev.safemigrate.sql.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;

/**
 * The driver's Micrometer meters, registered once per registry and looked up by index on the hot
 * path (no tag building, no map lookups per statement).
 *
 * <ul>
 *   <li>{@code safemigrate.statements{kind}}: statements executed through the driver, by kind</li>
 *   <li>{@code safemigrate.ddl.duration{outcome}}: wall time of DDL including retries</li>
 *   <li>{@code safemigrate.ddl.lock.retries{reason}}: attempts that failed on a lock timeout or deadlock</li>
 *   <li>{@code safemigrate.ddl.giveups}: DDL statements that exhausted their attempts or could not retry</li>
 *   <li>{@code safemigrate.batch.rows}, {@code safemigrate.batch.batches}, {@code safemigrate.batch.duration}:
 *       batched statements' progress; {@code safemigrate.batch.active} (gauge): batched statements running</li>
 *   <li>{@code safemigrate.batch.throttle.time}: time the batching throttle spent reading lag and load</li>
 *   <li>{@code safemigrate.batch.throttle.pauses{reason}}: throttle decisions to pause, by reason</li>
 *   <li>{@code safemigrate.batch.throttle.aborts{reason}}: throttle decisions to abort, by reason</li>
 *   <li>{@code safemigrate.rewrites{rule}}: statements replaced by a rule's safe form, by rule name
 *       (e.g. {@code create-index}); registered on first use, as rules are few and rewrites rare</li>
 * </ul>
 */
public final class DriverMetrics {
    private static volatile DriverMetrics current = new DriverMetrics(Metrics.globalRegistry);

    private final MeterRegistry registry;

    private final Counter[] statementsByKind;
    private final Timer ddlSucceeded;
    private final Timer ddlFailed;
    private final Counter lockTimeoutRetries;
    private final Counter deadlockRetries;
    private final Counter giveUps;
    private final Counter batchRows;
    private final Counter batches;
    private final Timer batchTime;
    private final java.util.concurrent.atomic.AtomicInteger batchingRuns = new java.util.concurrent.atomic.AtomicInteger();
    private final Timer throttleTime;
    private final Counter[] throttlePauses;
    private final Counter[] throttleAborts;

    /** Why the batching throttle paused or aborted: the {@code reason} tag. */
    public enum ThrottleReason {
        /** {@code batch.pause} between batches (pauses only). */
        PAUSE,
        LAG,
        LAG_UNREADABLE,
        LOAD,
        LOAD_UNREADABLE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private DriverMetrics(MeterRegistry registry) {
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

    /** The meters new connections use. */
    public static DriverMetrics current() {
        return current;
    }

    /** Registers the meters on {@code registry} for connections opened from now on. */
    public static void useRegistry(MeterRegistry registry) {
        current = new DriverMetrics(Objects.requireNonNull(registry, "registry"));
    }

    public void statement(StatementKind kind) {
        statementsByKind[kind.ordinal()].increment();
    }

    public void ddlFinished(long nanos, boolean success) {
        (success ? ddlSucceeded : ddlFailed).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void lockRetry(boolean deadlock) {
        (deadlock ? deadlockRetries : lockTimeoutRetries).increment();
    }

    public void giveUp() {
        giveUps.increment();
    }

    /** A batched statement started (+1) or ended (-1). */
    public void batchingRuns(int delta) {
        batchingRuns.addAndGet(delta);
    }

    public void batchCommitted(long rows, long nanos) {
        batches.increment();
        batchRows.increment(rows);
        batchTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The throttle read lag and/or load for one decision, taking {@code nanos}. */
    public void throttleRead(long nanos) {
        throttleTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void throttlePause(ThrottleReason reason) {
        throttlePauses[reason.ordinal()].increment();
    }

    /** A rule's safe form ran in place of the statement as written (not counted: no-op plans, policy keep). */
    public void rewrite(String rule) {
        Counter.builder("safemigrate.rewrites")
                .description("Statements replaced by a rule's safe form, by rule")
                .tag("rule", rule)
                .register(registry)
                .increment();
    }

    /** {@link ThrottleReason#PAUSE} never aborts. */
    public void throttleAbort(ThrottleReason reason) {
        Counter c = throttleAborts[reason.ordinal()];
        if (c != null) {
            c.increment();
        }
    }
}
