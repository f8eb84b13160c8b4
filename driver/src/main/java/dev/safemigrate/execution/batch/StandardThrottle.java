package dev.safemigrate.execution.batch;

import dev.safemigrate.config.BatchSettings;
import dev.safemigrate.config.Setting;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.DriverMetrics.ThrottleReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The throttle built from the {@code safemigrate.batch.*} settings (see docs/batching.md).
 *
 * <p>Before each batch: abort when replication lag or active sessions have stayed above their critical
 * level (or could not be read while a threshold is set) for longer than {@code batch.abortAfter}; pause
 * while they are above their maximum (or unreadable), or while less than {@code batch.pause} has passed
 * since the previous batch ended; otherwise go. With every threshold off nothing is read.
 *
 * <p>The end of a batch is taken to be the first {@link #beforeBatch} call that reports a higher
 * {@link BatchProgress#batches()}: the engine asks right after each batch commits.
 *
 * <p>One instance per batching run (it keeps the grace-period timers); not thread-safe.
 */
public final class StandardThrottle implements Throttle {
    private static final Logger log = LoggerFactory.getLogger(StandardThrottle.class);

    /** Shortest and longest pause for lag above batch.maxLag (the pause is the excess lag, within these). */
    static final long MIN_SIGNAL_PAUSE_MILLIS = 1_000;
    static final long MAX_SIGNAL_PAUSE_MILLIS = 10_000;
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier nanoClock;
    private final DriverMetrics metrics;
    private final long pauseNanos;
    private final long abortAfterNanos;
    private final Signal lag;
    private final Signal load;
    private final LagReader lagReader;
    private final LoadReader loadReader;

    private long lastBatches = -1;
    private long batchEndedAt = NONE;
    private boolean signalPaused;

    /** What the engine calls: the dialect's readers, the real clock. */
    public static StandardThrottle create(DatabaseSupport support, BatchSettings settings, DriverMetrics metrics) {
        return new StandardThrottle(settings, support.lagReader(), support.loadReader(), metrics, System::nanoTime);
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public StandardThrottle(BatchSettings settings, LagReader lagReader, LoadReader loadReader, DriverMetrics metrics,
                            LongSupplier nanoClock) {
        this.lagReader = Objects.requireNonNull(lagReader, "lagReader");
        this.loadReader = Objects.requireNonNull(loadReader, "loadReader");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.pauseNanos = settings.pause().toNanos();
        this.abortAfterNanos = settings.abortAfter().toNanos();
        this.lag = new Signal("replication lag", true, seconds(settings.maxLag()), seconds(settings.criticalLag()),
                Setting.BATCH_MAX_LAG, Setting.BATCH_CRITICAL_LAG, ThrottleReason.LAG, ThrottleReason.LAG_UNREADABLE);
        this.load = new Signal("active sessions", false, settings.maxActiveSessions(), settings.criticalActiveSessions(),
                Setting.BATCH_MAX_ACTIVE_SESSIONS, Setting.BATCH_CRITICAL_ACTIVE_SESSIONS, ThrottleReason.LOAD,
                ThrottleReason.LOAD_UNREADABLE);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public Decision beforeBatch(Connection raw, BatchProgress progress) throws SQLException {
        long now = nanoClock.getAsLong();
        if (progress.batches() != lastBatches) {
            // The first call of a run has no previous batch to wait after.
            batchEndedAt = lastBatches == -1 ? NONE : now;
            lastBatches = progress.batches();
        }
        Decision lagDecision = null;
        Decision loadDecision = null;
        if (lag.enabled() || load.enabled()) {
            long start = nanoClock.getAsLong();
            try {
                if (lag.enabled()) {
                    lagDecision = lag.evaluate(readLag(raw), now);
                }
                if (load.enabled()) {
                    loadDecision = load.evaluate(loadReader.activeSessions(raw), now);
                }
            } finally {
                metrics.throttleRead(nanoClock.getAsLong() - start);
            }
        }
        for (Decision d : new Decision[] {lagDecision, loadDecision}) {
            if (d != null && d.action() == Action.ABORT) {
                log.warn("Aborting the batching: {}", d.reason());
                return d;
            }
        }
        long pauseMillis = 0;
        StringBuilder reason = new StringBuilder();
        for (Decision d : new Decision[] {lagDecision, loadDecision}) {
            if (d != null) {
                pauseMillis = Math.max(pauseMillis, d.pauseMillis());
                reason.append(reason.length() == 0 ? "" : "; ").append(d.reason());
            }
        }
        boolean signals = reason.length() > 0;
        if (signals && !signalPaused) {
            log.info("Pausing the batching: {}", reason);
        } else if (!signals && signalPaused) {
            log.info("Resuming the batching: replication lag and load are below their thresholds");
        }
        signalPaused = signals;
        if (pauseNanos > 0 && batchEndedAt != NONE) {
            long remaining = pauseNanos - (now - batchEndedAt);
            if (remaining > 0) {
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999));
                metrics.throttlePause(ThrottleReason.PAUSE);
                if (millis > pauseMillis) {
                    pauseMillis = millis;
                }
                reason.append(reason.length() == 0 ? "" : "; ").append(Setting.BATCH_PAUSE.key()).append(' ')
                        .append(formatMillis(pauseNanos / 1_000_000)).append(" between batches");
            }
        }
        if (reason.length() == 0) {
            return Decision.GO;
        }
        log.debug("Throttle: pause {} ms: {}", pauseMillis, reason);
        return Decision.pause(pauseMillis, reason.toString());
    }

    private Reading readLag(Connection raw) throws SQLException {
        DoubleSupplier override = LagReaders.current();
        if (override == null) {
            return lagReader.lagSeconds(raw);
        }
        double seconds = override.getAsDouble();
        return Double.isNaN(seconds) ? Reading.unreadable("simulated as unreadable by LagReaders.override")
                : Reading.of(seconds);
    }

    /** One signal (lag or load): its thresholds and how long it has been critical or unreadable. */
    private final class Signal {
        private final String name;
        private final boolean inSeconds;
        private final double max;
        private final double critical;
        private final Setting maxSetting;
        private final Setting criticalSetting;
        private final ThrottleReason reason;
        private final ThrottleReason unreadableReason;
        private long criticalSince = NONE;
        private long unreadableSince = NONE;
        private boolean warned;

        Signal(String name, boolean inSeconds, double max, double critical, Setting maxSetting, Setting criticalSetting,
               ThrottleReason reason, ThrottleReason unreadableReason) {
            this.name = name;
            this.inSeconds = inSeconds;
            this.max = max;
            this.critical = critical;
            this.maxSetting = maxSetting;
            this.criticalSetting = criticalSetting;
            this.reason = reason;
            this.unreadableReason = unreadableReason;
        }

        boolean enabled() {
            return max > 0 || critical > 0;
        }

        /** PAUSE, ABORT, or {@code null} to go on. */
        Decision evaluate(Reading reading, long now) {
            if (!reading.readable()) {
                if (unreadableSince == NONE) {
                    unreadableSince = now;
                }
                if (!warned) {
                    warned = true;
                    log.warn("Cannot read {} for the batching throttle ({} is set): {}. Batches pause until it can be"
                                    + " read, and the batching aborts if it cannot be read for longer than {}.",
                            name, max > 0 ? maxSetting.key() : criticalSetting.key(), reading.problem(),
                            formatMillis(abortAfterNanos / 1_000_000));
                }
                long lasted = now - unreadableSince;
                if (lasted > abortAfterNanos) {
                    metrics.throttleAbort(unreadableReason);
                    return Decision.abort(name + " could not be read for " + formatMillis(lasted / 1_000_000)
                            + " (longer than " + Setting.BATCH_ABORT_AFTER.key() + " "
                            + formatMillis(abortAfterNanos / 1_000_000) + "): " + reading.problem());
                }
                metrics.throttlePause(unreadableReason);
                return Decision.pause(MIN_SIGNAL_PAUSE_MILLIS, name + " cannot be read, pausing rather than guessing: "
                        + reading.problem());
            }
            unreadableSince = NONE;
            double value = reading.value();
            if (critical > 0 && value > critical) {
                if (criticalSince == NONE) {
                    criticalSince = now;
                }
                long lasted = now - criticalSince;
                if (lasted > abortAfterNanos) {
                    metrics.throttleAbort(reason);
                    return Decision.abort(name + " " + format(value) + " has been above " + criticalSetting.key() + " "
                            + format(critical) + " for " + formatMillis(lasted / 1_000_000) + " (longer than "
                            + Setting.BATCH_ABORT_AFTER.key() + " " + formatMillis(abortAfterNanos / 1_000_000) + ")");
                }
                metrics.throttlePause(reason);
                return Decision.pause(pauseFor(value, max > 0 ? max : critical), name + " " + format(value)
                        + " above " + criticalSetting.key() + " " + format(critical) + " for "
                        + formatMillis(lasted / 1_000_000) + "; aborting after "
                        + formatMillis(abortAfterNanos / 1_000_000));
            }
            criticalSince = NONE;
            if (max > 0 && value > max) {
                metrics.throttlePause(reason);
                return Decision.pause(pauseFor(value, max), name + " " + format(value) + " above "
                        + maxSetting.key() + " " + format(max));
            }
            return null;
        }

        /** Lag: the excess lag, between 1 s and 10 s. Load: 1 s. */
        private long pauseFor(double value, double threshold) {
            if (!inSeconds) {
                return MIN_SIGNAL_PAUSE_MILLIS;
            }
            long excess = (long) Math.ceil((value - threshold) * 1000);
            return Math.min(MAX_SIGNAL_PAUSE_MILLIS, Math.max(MIN_SIGNAL_PAUSE_MILLIS, excess));
        }

        private String format(double value) {
            return inSeconds ? String.format(Locale.ROOT, "%.1f s", value) : Long.toString((long) value);
        }
    }

    static String formatMillis(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
