package dev.safemigrate.cli.demo;

import dev.safemigrate.SafeMigrate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of the scenario: fresh tables, the load, the report transaction, then the migration through
 * one driver (bare or safemigrate), then the checks.
 */
final class DemoRun {
    /** The load runs this long before the report starts: the "before" latencies. */
    private static final long BASELINE_MILLIS = 1300;
    /** The first operations of a fresh connection are slower (planning, caches): not part of the "before". */
    private static final long WARM_UP_MILLIS = 300;
    /** The migration starts this long after the report took its lock: "just before", as in real life. */
    private static final long REPORT_HEAD_START_MILLIS = 200;

    private final DemoServer server;
    private final Scenario scenario;
    private final Duration hold;
    private final Progress progress;
    private final DdlCapture capture;

    DemoRun(DemoServer server, Scenario scenario, Duration hold, Progress progress, DdlCapture capture) {
        this.server = server;
        this.scenario = scenario;
        this.hold = hold;
        this.progress = progress;
        this.capture = capture;
    }

    /** The bare driver: jdbc:postgresql:. */
    RunResult bare() throws SQLException, InterruptedException {
        return run("bare driver", () -> server.open(scenario.schema()), null);
    }

    /** safemigrate: jdbc:safemigrate:postgresql: with {@code settings} (URL parameters). */
    RunResult safe(String settings) throws SQLException, InterruptedException {
        // A registry of the run's own, so its counts are this run's alone. Left in place afterwards: putting
        // the global registry back would register the driver's gauge on it a second time.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        return run("safemigrate", () -> server.openSafe(scenario.schema(), settings), meters);
    }

    private RunResult run(String label, Load.Connector migrationConnector, SimpleMeterRegistry meters)
            throws SQLException, InterruptedException {
        progress.say("[" + label + "] filling orders with " + Format.count(scenario.rows()) + " rows…");
        try (Connection admin = server.open(null)) {
            scenario.resetTables(admin);
        }
        long mark;
        try (Connection admin = server.open(null)) {
            mark = capture == null ? 0 : capture.mark(admin);
        }
        Load load = new Load(() -> server.open(scenario.schema()), scenario.rows());
        List<RunResult.Step> steps = new ArrayList<>();
        String failure = null;
        long loadStart;
        long migrationStart;
        long migrationEnd;
        long[] stepBounds = new long[Scenario.MIGRATION.size() + 1];
        try (load) {
            load.start();
            loadStart = System.nanoTime();
            progress.show(() -> status(label, "load only, no migration yet", load, null));
            Thread.sleep(BASELINE_MILLIS);
            try (ReportTransaction report = ReportTransaction.begin(server.open(scenario.schema()), hold);
                 Connection migration = migrationConnector.open();
                 Statement st = migration.createStatement()) {
                Thread.sleep(REPORT_HEAD_START_MILLIS);
                migrationStart = System.nanoTime();
                for (int i = 0; i < Scenario.MIGRATION.size(); i++) {
                    String name = Scenario.STEP_NAMES.get(i);
                    long stepStart = System.nanoTime();
                    stepBounds[i] = stepStart;
                    String phase = (i + 1) + "/" + Scenario.MIGRATION.size() + " " + name;
                    progress.show(() -> status(label, phase, load, report));
                    long count = -1;
                    try {
                        count = st.executeUpdate(Scenario.MIGRATION.get(i));
                    } catch (SQLException e) {
                        failure = name + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")";
                    }
                    stepBounds[i + 1] = System.nanoTime();
                    steps.add(new RunResult.Step(name, Scenario.MIGRATION.get(i),
                            TimeUnit.NANOSECONDS.toMillis(stepBounds[i + 1] - stepStart), count, null));
                    if (failure != null) {
                        break;
                    }
                }
                migrationEnd = System.nanoTime();
                progress.show(() -> status(label, "migration done", load, null));
            }
            Thread.sleep(300); // the operations due during the migration finish
        }
        progress.show(() -> null);
        Latencies latencies = load.latencies();
        List<RunResult.Step> measured = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            RunResult.Step s = steps.get(i);
            measured.add(new RunResult.Step(s.name(), s.sql(), s.millis(), s.updateCount(),
                    latencies.window(stepBounds[i], stepBounds[i + 1])));
        }
        Scenario.EndState end;
        List<DdlCapture.Seen> seen;
        try (Connection admin = server.open(null)) {
            end = scenario.endState(admin);
            seen = capture == null ? List.of() : capture.since(admin, mark);
        }
        return new RunResult(label, TimeUnit.NANOSECONDS.toMillis(migrationEnd - migrationStart),
                latencies.window(migrationStart, migrationEnd),
                latencies.window(loadStart + TimeUnit.MILLISECONDS.toNanos(WARM_UP_MILLIS), migrationStart),
                measured, end, seen, meters == null ? null : facts(meters), failure, load.firstError());
    }

    /** The live status line: what matters most first, as a terminal may cut it short. */
    private static String status(String label, String phase, Load load, ReportTransaction report) {
        return "[" + label + "] " + phase + " | slowest op waiting " + Format.millis(load.longestWaitMillis())
                + " | " + Format.count(load.operations()) + " ops, " + load.errors() + " errors"
                + (report == null || report.finished() ? "" : " | report open " + Format.millis(report.heldMillis()));
    }

    private static RunResult.DriverFacts facts(SimpleMeterRegistry meters) {
        Map<String, Long> rewrites = new TreeMap<>();
        for (Counter c : meters.find("safemigrate.rewrites").counters()) {
            rewrites.merge(c.getId().getTag("rule"), (long) c.count(), Long::sum);
        }
        Timer preWait = meters.find("safemigrate.ddl.prewait").timer();
        return new RunResult.DriverFacts(sum(meters, "safemigrate.ddl.lock.retries"),
                preWait == null ? 0 : (long) preWait.totalTime(TimeUnit.MILLISECONDS),
                sum(meters, "safemigrate.batch.batches"), sum(meters, "safemigrate.batch.rows"), rewrites);
    }

    private static long sum(SimpleMeterRegistry meters, String name) {
        double total = 0;
        for (Counter c : meters.find(name).counters()) {
            total += c.count();
        }
        return (long) total;
    }
}
