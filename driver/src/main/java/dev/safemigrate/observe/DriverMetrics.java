package dev.safemigrate.observe;

import dev.safemigrate.observe.micrometer.MicrometerDriverMetrics;
import dev.safemigrate.sql.StatementKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The driver's meters. Micrometer is optional: when it is on the class path (the driver's class loader
 * sees it) the meters are Micrometer's ({@link MicrometerDriverMetrics}), otherwise every method does
 * nothing. Only this class decides, once, when it is initialised; it names no Micrometer type itself,
 * so it loads (and can be reflected on) without Micrometer.
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
 *
 * <p>Connections keep the instance that was {@link #current()} when they opened and call it directly: one
 * implementation is ever loaded in a JVM (the other is created through a factory whose declared type is
 * this class, so it is never loaded unless used), so these calls cost what they cost when this class was
 * the Micrometer one.
 */
public abstract class DriverMetrics {
    private static final Logger log = LoggerFactory.getLogger(DriverMetrics.class);

    /** The class whose presence means Micrometer is there. */
    static final String MICROMETER_PROBE = "io.micrometer.core.instrument.MeterRegistry";

    private static final boolean MICROMETER = micrometerLoadable();

    private static volatile DriverMetrics current = initial();

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

    /** For the two implementations ({@link NoopDriverMetrics}, {@link MicrometerDriverMetrics}). */
    protected DriverMetrics() {
    }

    private static boolean micrometerLoadable() {
        try {
            Class.forName(MICROMETER_PROBE, false, DriverMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static DriverMetrics initial() {
        if (MICROMETER) {
            try {
                return MicrometerDriverMetrics.global();
            } catch (LinkageError e) {
                // A Micrometer too old or incomplete for the calls we make: run without metrics, not without the driver.
                log.warn("Micrometer is on the class path but cannot be used ({}); safemigrate's metrics are off", e.toString());
            }
        } else {
            log.debug("Micrometer is not on the class path ({} not found): safemigrate's metrics are off", MICROMETER_PROBE);
        }
        return NoopDriverMetrics.create();
    }

    /** The meters new connections use. */
    public static DriverMetrics current() {
        return current;
    }

    /**
     * Registers the meters on {@code registry}, a Micrometer {@code MeterRegistry}, for connections opened from
     * now on. Typed {@code Object} so that this class names no Micrometer type (HikariCP's
     * {@code setMetricRegistry(Object)} does the same); {@code dev.safemigrate.SafeMigrate#useMeterRegistry}
     * is the typed entry point.
     *
     * @throws IllegalArgumentException when {@code registry} is not a {@code MeterRegistry}
     * @throws IllegalStateException when Micrometer is not on the driver's class path
     */
    public static void useRegistry(Object registry) {
        Objects.requireNonNull(registry, "registry");
        if (!MICROMETER) {
            throw new IllegalStateException("Micrometer (" + MICROMETER_PROBE + ") is not on the class path of the"
                    + " safemigrate driver: its metrics are off");
        }
        current = MicrometerDriverMetrics.on(registry);
    }

    /** A statement of {@code kind} ran through the driver. */
    public abstract void statement(StatementKind kind);

    public abstract void ddlFinished(long nanos, boolean success);

    public abstract void lockRetry(boolean deadlock);

    /** Time a DDL statement waited, before an attempt, for long lock holders to finish ({@code safemigrate.preWait}). */
    public abstract void preWait(long nanos);

    public abstract void giveUp();

    /** A batched statement started (+1) or ended (-1). */
    public abstract void batchingRuns(int delta);

    public abstract void batchCommitted(long rows, long nanos);

    /** The throttle read lag and/or load for one decision, taking {@code nanos}. */
    public abstract void throttleRead(long nanos);

    public abstract void throttlePause(ThrottleReason reason);

    /** A rule's safe form ran in place of the statement as written (not counted: no-op plans, policy keep). */
    public abstract void rewrite(String rule);

    /** {@link ThrottleReason#PAUSE} never aborts. */
    public abstract void throttleAbort(ThrottleReason reason);
}
