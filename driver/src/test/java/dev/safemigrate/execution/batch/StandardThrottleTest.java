package dev.safemigrate.execution.batch;

import dev.safemigrate.config.BatchSettings;
import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.execution.batch.Throttle.Action;
import dev.safemigrate.execution.batch.Throttle.BatchProgress;
import dev.safemigrate.execution.batch.Throttle.Decision;
import dev.safemigrate.observe.DriverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every decision path with a fake clock and fake readers: nothing sleeps, no database. */
class StandardThrottleTest {
    private static final Duration OFF = Duration.ZERO;

    private long nanos = 1_000_000_000L;
    private Reading lag = Reading.of(0);
    private Reading load = Reading.of(0);
    private final AtomicInteger lagReads = new AtomicInteger();
    private final AtomicInteger loadReads = new AtomicInteger();
    private final LagReader lagReader = raw -> {
        lagReads.incrementAndGet();
        return lag;
    };
    private final LoadReader loadReader = raw -> {
        loadReads.incrementAndGet();
        return load;
    };
    private SimpleMeterRegistry meters;
    private long batches;

    @BeforeEach
    void meters() {
        meters = new SimpleMeterRegistry();
        DriverMetrics.useRegistry(meters);
    }

    @AfterEach
    void reset() {
        LagReaders.reset();
    }

    private static BatchSettings settings(Duration pause, Duration maxLag, Duration criticalLag, int maxSessions,
                                          int criticalSessions, Duration abortAfter) {
        return new BatchSettings(true, 10_000, Duration.ofMillis(200), 100, 50_000, pause, maxLag, criticalLag,
                maxSessions, criticalSessions, abortAfter, "safemigrate_batch_journal", Duration.ofDays(7));
    }

    private StandardThrottle throttle(BatchSettings s) {
        return new StandardThrottle(s, lagReader, loadReader, DriverMetrics.current(), () -> nanos);
    }

    private void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }

    /** Asks as the engine does: batches counts the batches committed so far. */
    private Decision ask(Throttle t) throws SQLException {
        return t.beforeBatch(null, new BatchProgress(batches, batches * 100, 0));
    }

    private double pauses(String reason) {
        return meters.get("safemigrate.batch.throttle.pauses").tag("reason", reason).counter().count();
    }

    private double aborts(String reason) {
        return meters.get("safemigrate.batch.throttle.aborts").tag("reason", reason).counter().count();
    }

    @Test
    void everythingOffGoesWithoutReadingAnything() throws SQLException {
        StandardThrottle t = new StandardThrottle(settings(OFF, OFF, OFF, 0, 0, Duration.ofSeconds(60)),
                raw -> {
                    throw new AssertionError("lag read");
                },
                raw -> {
                    throw new AssertionError("load read");
                }, DriverMetrics.current(), () -> nanos);
        for (int i = 0; i < 5; i++) {
            assertThat(ask(t)).isSameAs(Decision.GO);
            batches++;
        }
        assertThat(meters.get("safemigrate.batch.throttle.time").timer().count()).isZero();
    }

    @Test
    void everythingOffDoesNotConsultTheTestOverrideEither() throws SQLException {
        LagReaders.override(() -> {
            throw new AssertionError("override read");
        });
        StandardThrottle t = throttle(settings(OFF, OFF, OFF, 0, 0, Duration.ofSeconds(60)));
        assertThat(ask(t)).isSameAs(Decision.GO);
        assertThat(lagReads.get() + loadReads.get()).isZero();
    }

    @Test
    void pauseSettingWaitsAfterEachBatchForTheRemainingTime() throws SQLException {
        StandardThrottle t = throttle(settings(Duration.ofMillis(500), OFF, OFF, 0, 0, Duration.ofSeconds(60)));
        assertThat(ask(t)).isSameAs(Decision.GO); // first batch: nothing to wait after
        batches = 1;
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(500);
        assertThat(d.reason()).contains("safemigrate.batch.pause").contains("500 ms");
        advanceMillis(200);
        assertThat(ask(t).pauseMillis()).isEqualTo(300);
        advanceMillis(300);
        assertThat(ask(t)).isSameAs(Decision.GO);
        batches = 2;
        assertThat(ask(t).pauseMillis()).isEqualTo(500);
        assertThat(pauses("pause")).isEqualTo(3);
        assertThat(lagReads.get() + loadReads.get()).isZero();
    }

    @Test
    void pauseSettingDoesNotDelayTheFirstBatchOfAResumedRun() throws SQLException {
        StandardThrottle t = throttle(settings(Duration.ofSeconds(1), OFF, OFF, 0, 0, Duration.ofSeconds(60)));
        batches = 40;
        assertThat(ask(t)).isSameAs(Decision.GO);
    }

    @Test
    void lagBelowOrAtMaxLagGoes() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(60)));
        lag = Reading.of(0.4);
        assertThat(ask(t)).isSameAs(Decision.GO);
        lag = Reading.of(1.0);
        assertThat(ask(t)).isSameAs(Decision.GO);
        assertThat(lagReads.get()).isEqualTo(2);
        assertThat(loadReads.get()).isZero();
        assertThat(meters.get("safemigrate.batch.throttle.time").timer().count()).isEqualTo(2);
    }

    @Test
    void lagAboveMaxLagPausesForTheExcessBetweenOneAndTenSeconds() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(60)));
        lag = Reading.of(3.0);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(2000);
        assertThat(d.reason()).isEqualTo("replication lag 3.0 s above safemigrate.batch.maxLag 1.0 s");
        lag = Reading.of(1.2);
        assertThat(ask(t).pauseMillis()).isEqualTo(1000);
        lag = Reading.of(3600);
        assertThat(ask(t).pauseMillis()).isEqualTo(10_000);
        lag = Reading.of(0.5);
        assertThat(ask(t)).isSameAs(Decision.GO);
        assertThat(pauses("lag")).isEqualTo(3);
    }

    @Test
    void unreadableLagWithAThresholdPausesAndSaysWhy() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(60)));
        lag = Reading.unreadable("permission denied for pg_stat_replication");
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(1000);
        assertThat(d.reason()).contains("replication lag cannot be read").contains("permission denied");
        assertThat(pauses("lag_unreadable")).isEqualTo(1);
    }

    @Test
    void lagUnreadableForLongerThanAbortAfterAborts() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(60)));
        lag = Reading.unreadable("this server is not a replica");
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
        advanceMillis(60_000);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
        advanceMillis(1);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.ABORT);
        assertThat(d.reason()).contains("replication lag could not be read for 60.0 s").contains("not a replica");
        assertThat(aborts("lag_unreadable")).isEqualTo(1);
    }

    @Test
    void aReadingInBetweenRestartsTheUnreadableTimer() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(60)));
        lag = Reading.unreadable("x");
        ask(t);
        advanceMillis(50_000);
        lag = Reading.of(0);
        assertThat(ask(t)).isSameAs(Decision.GO);
        lag = Reading.unreadable("x");
        advanceMillis(1_000);
        ask(t);
        advanceMillis(59_000);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
    }

    @Test
    void criticalLagAbortsOnlyAfterLastingLongerThanAbortAfter() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), Duration.ofSeconds(30), 0, 0,
                Duration.ofSeconds(60)));
        lag = Reading.of(45);
        Decision first = ask(t);
        assertThat(first.action()).isEqualTo(Action.PAUSE);
        assertThat(first.reason()).contains("above safemigrate.batch.criticalLag 30.0 s").contains("aborting after 60.0 s");
        advanceMillis(60_000);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
        advanceMillis(1);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.ABORT);
        assertThat(d.reason())
                .isEqualTo("replication lag 45.0 s has been above safemigrate.batch.criticalLag 30.0 s for 60.0 s"
                        + " (longer than safemigrate.batch.abortAfter 60.0 s)");
        assertThat(aborts("lag")).isEqualTo(1);
    }

    @Test
    void criticalLagAloneAlsoPauses() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, OFF, Duration.ofSeconds(30), 0, 0, Duration.ofSeconds(60)));
        lag = Reading.of(20);
        assertThat(ask(t)).isSameAs(Decision.GO);
        lag = Reading.of(33);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(3000);
    }

    @Test
    void graceResetsWhenLagDropsBelowCritical() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), Duration.ofSeconds(30), 0, 0,
                Duration.ofSeconds(60)));
        lag = Reading.of(45);
        ask(t);
        advanceMillis(50_000);
        lag = Reading.of(10); // still above maxLag, no longer critical
        Decision between = ask(t);
        assertThat(between.action()).isEqualTo(Action.PAUSE);
        assertThat(between.reason()).contains("maxLag");
        advanceMillis(5_000);
        lag = Reading.of(45);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE); // critical again since now
        advanceMillis(60_000);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE); // 115 s after the first, 60 s of this streak
        advanceMillis(1);
        assertThat(ask(t).action()).isEqualTo(Action.ABORT);
    }

    @Test
    void activeSessionsAboveMaxPause() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, OFF, OFF, 20, 0, Duration.ofSeconds(60)));
        load = Reading.of(20);
        assertThat(ask(t)).isSameAs(Decision.GO);
        load = Reading.of(21);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(1000);
        assertThat(d.reason()).isEqualTo("active sessions 21 above safemigrate.batch.maxActiveSessions 20");
        assertThat(lagReads.get()).isZero();
        assertThat(pauses("load")).isEqualTo(1);
    }

    @Test
    void activeSessionsAboveCriticalForTooLongAbort() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, OFF, OFF, 20, 50, Duration.ofSeconds(10)));
        load = Reading.of(80);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
        advanceMillis(5_000);
        load = Reading.of(30);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE); // above max only: the grace restarts
        load = Reading.of(80);
        assertThat(ask(t).action()).isEqualTo(Action.PAUSE);
        advanceMillis(10_001);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.ABORT);
        assertThat(d.reason()).contains("active sessions 80 has been above safemigrate.batch.criticalActiveSessions 50");
        assertThat(aborts("load")).isEqualTo(1);
    }

    @Test
    void unreadableLoadPauses() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, OFF, OFF, 20, 0, Duration.ofSeconds(60)));
        load = Reading.unreadable("lacks the PROCESS privilege");
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.reason()).contains("active sessions cannot be read").contains("PROCESS");
        assertThat(pauses("load_unreadable")).isEqualTo(1);
    }

    @Test
    void anAbortWinsOverPausesAndPausesCombineTakingTheLongest() throws SQLException {
        StandardThrottle t = throttle(settings(Duration.ofMillis(300), Duration.ofSeconds(1), OFF, 5, 10,
                Duration.ofSeconds(1)));
        ask(t);
        batches = 1;
        lag = Reading.of(5);
        load = Reading.of(6);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.pauseMillis()).isEqualTo(4000);
        assertThat(d.reason()).contains("replication lag 5.0 s").contains("active sessions 6").contains("batch.pause");
        load = Reading.of(11);
        ask(t);
        advanceMillis(1_001);
        assertThat(ask(t).action()).isEqualTo(Action.ABORT);
    }

    @Test
    void theTestOverrideReplacesTheLagReader() throws SQLException {
        StandardThrottle t = throttle(settings(OFF, Duration.ofSeconds(1), Duration.ofSeconds(5), 0, 0,
                Duration.ofSeconds(1)));
        LagReaders.override(() -> 2.5);
        Decision d = ask(t);
        assertThat(d.action()).isEqualTo(Action.PAUSE);
        assertThat(d.reason()).contains("2.5 s");
        LagReaders.override(() -> Double.NaN);
        assertThat(ask(t).reason()).contains("cannot be read").contains("LagReaders.override");
        LagReaders.override(() -> 9);
        ask(t);
        advanceMillis(1_001);
        assertThat(ask(t).action()).isEqualTo(Action.ABORT);
        assertThat(lagReads.get()).isZero();
        LagReaders.reset();
        lag = Reading.of(0);
        assertThat(throttle(settings(OFF, Duration.ofSeconds(1), OFF, 0, 0, Duration.ofSeconds(1))).beforeBatch(null,
                new BatchProgress(0, 0, 0))).isSameAs(Decision.GO);
        assertThat(lagReads.get()).isEqualTo(1);
    }

    @Test
    void aBrokenConnectionIsNotTurnedIntoAPause() {
        SQLException broken = new SQLTransientConnectionException("connection reset", "08006");
        assertThatThrownBy(() -> Reading.fromFailure("reading lag", broken)).isSameAs(broken);
    }

    @Test
    void otherReadFailuresBecomeUnreadable() throws SQLException {
        Reading r = Reading.fromFailure("reading pg_stat_replication",
                new SQLException("permission denied for view x", "42501"));
        assertThat(r.readable()).isFalse();
        assertThat(r.problem()).contains("permission denied").contains("42501");
    }
}
