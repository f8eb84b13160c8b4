package dev.safemigrate.cli.demo;

import dev.safemigrate.config.Settings;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The side-by-side report printed at the end of the demo. */
final class Report {
    private static final int LABEL = 36;
    private static final int CELL = 22;
    private static final int STATEMENT = 124;

    /** How each rule's safe form reads, for the meter summary. */
    private static final Map<String, String> SAFE_FORMS = Map.of(
            "create-index", "CREATE INDEX CONCURRENTLY",
            "add-foreign-key", "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT");

    private Report() {
    }

    /** The facts about the setup the report names. */
    record Setup(String server, String version, String schema, int rows, String hold, String lockTimeout,
                 String safeSettings, boolean captured) {
    }

    static void print(PrintStream out, Setup setup, RunResult bare, RunResult safe) {
        out.println();
        out.println("safemigrate demo: PostgreSQL " + setup.version() + " (" + setup.server() + "), schema "
                + setup.schema());
        out.println();
        out.println("The same scenario twice, on the same " + Format.count(setup.rows()) + " orders:");
        out.println("  load        " + Load.WRITERS + " writers (insert an order or update a random one) and 1 reader,"
                + " each one operation every " + Load.PERIOD_MILLIS + " ms, bare driver, autocommit");
        out.println("  blocker     a report reads orders and keeps its transaction open for " + setup.hold());
        out.println("  migration   starts just after the report, each statement in its own transaction:");
        for (int i = 0; i < Scenario.MIGRATION.size(); i++) {
            out.println("                " + (i + 1) + ". " + Scenario.MIGRATION.get(i));
        }
        out.println("  drivers     jdbc:postgresql:  versus  jdbc:safemigrate:postgresql:…&" + setup.safeSettings());
        out.println();
        out.println(row("", bare.label(), safe.label()));
        out.println(row("migration wall time", Format.millis(bare.migrationMillis()), Format.millis(safe.migrationMillis())));
        out.println(row("load operations during it", Format.count(bare.load().operations()),
                Format.count(safe.load().operations())));
        out.println(row("errors", Format.count(bare.load().errors()), Format.count(safe.load().errors())));
        out.println(row("latency max", Format.millis(bare.load().maxMillis()), Format.millis(safe.load().maxMillis())));
        out.println(row("latency p99", Format.millis(bare.load().percentileMillis(99)),
                Format.millis(safe.load().percentileMillis(99))));
        out.println(row("(before the migration: p99 / max)", p99AndMax(bare.baseline()), p99AndMax(safe.baseline())));
        out.println(row("each step: took / max latency of", "", ""));
        out.println(row("  the operations due while it ran", "", ""));
        for (int i = 0; i < Scenario.STEP_NAMES.size(); i++) {
            out.println(row("  " + Scenario.STEP_NAMES.get(i), step(bare, i), step(safe, i)));
        }
        out.println(row("backfill: rows updated (returned)", updated(bare), updated(safe)));
        out.println(row("  (the original rows + the writers' new ones)", "", ""));
        if (safe.driver() != null) {
            RunResult.DriverFacts f = safe.driver();
            out.println(row("backfill: transactions", "1", Format.count(f.batches()) + " batches"));
            out.println(row("waited before queueing (traffic went on)", "-", Format.millis(f.preWaitMillis())));
            out.println(row("lock timeouts, retried", "-", Format.count(f.lockRetries())));
        }
        out.println("  Latency counts from when each operation was due (the load keeps its rate, so a stalled");
        out.println("  client's backlog shows as latency, as an application's users would feel it).");
        for (RunResult r : List.of(bare, safe)) {
            if (r.failed()) {
                out.println();
                out.println("The " + r.label() + " run's migration FAILED: " + r.failure());
            }
            if (r.firstLoadError() != null) {
                out.println("The load's first error in the " + r.label() + " run: " + r.firstLoadError());
            }
        }

        out.println();
        if (setup.captured()) {
            out.println("What the server received (DDL, recorded by an event trigger on the embedded database):");
            printSeen(out, bare);
            printSeen(out, safe);
            out.println("  (the backfill UPDATE is not DDL, so the trigger does not see it: its batches are in the meters)");
        }
        if (safe.driver() != null) {
            out.println("safemigrate's meters during its run (safemigrate.rewrites, .ddl.prewait, .ddl.lock.retries, .batch.*):");
            if (safe.driver().rewritesByRule().isEmpty()) {
                out.println("  no statement rewritten");
            }
            safe.driver().rewritesByRule().forEach((rule, n) -> out.println("  rule " + rule + ": " + n + " statement"
                    + (n == 1 ? "" : "s") + " rewritten" + (SAFE_FORMS.containsKey(rule) ? " (" + SAFE_FORMS.get(rule) + ")" : "")));
            out.println("  DDL waited " + Format.millis(safe.driver().preWaitMillis()) + " without queueing while the"
                    + " report's transaction held the table (safemigrate.preWait; .ddl.prewait)");
            out.println("  " + Format.count(safe.driver().lockRetries()) + " DDL attempts hit their lock timeout (growing"
                    + " from " + Format.duration(Settings.defaults().lockTimeoutFirst()) + " to " + setup.lockTimeout()
                    + ") and were retried");
            out.println("  backfill: " + Format.count(safe.driver().batches()) + " batches, "
                    + Format.count(safe.driver().batchRows()) + " rows, one transaction each, keyset over the primary key");
        }

        out.println();
        out.println(verdict(bare, safe));
    }

    private static String p99AndMax(Latencies.Window w) {
        return Format.millis(w.percentileMillis(99)) + " / " + Format.millis(w.maxMillis());
    }

    private static String step(RunResult r, int i) {
        if (i >= r.steps().size()) {
            return "not run";
        }
        RunResult.Step s = r.steps().get(i);
        return Format.millis(s.millis()) + " / " + (s.load() == null ? "-" : Format.millis(s.load().maxMillis()));
    }

    private static String updated(RunResult r) {
        int last = Scenario.MIGRATION.size() - 1;
        if (r.steps().size() <= last || r.steps().get(last).updateCount() < 0) {
            return "-";
        }
        return Format.count(r.steps().get(last).updateCount());
    }

    /** The DDL of one run in order; consecutive repeats (retried attempts) folded into one line. */
    private static void printSeen(PrintStream out, RunResult r) {
        out.println("  " + r.label() + ":");
        List<DdlCapture.Seen> seen = r.seen();
        if (seen.isEmpty()) {
            out.println("    (nothing)");
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < seen.size(); ) {
            DdlCapture.Seen s = seen.get(i);
            int j = i + 1;
            while (j < seen.size() && seen.get(j).query().equals(s.query())) {
                j++;
            }
            int times = j - i;
            String lockTimeout = "0".equals(s.lockTimeout()) ? "no lock timeout" : "lock_timeout " + s.lockTimeout();
            lines.add("    " + shorten(s.query()) + "   [" + lockTimeout
                    + (times > 1 ? ", " + times + " attempts" : "") + "]");
            i = j;
        }
        lines.forEach(out::println);
    }

    static String shorten(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= STATEMENT) {
            return oneLine;
        }
        // the end of a rewritten statement (NOT VALID, …) matters as much as its start
        int head = STATEMENT * 2 / 3;
        return oneLine.substring(0, head) + " … " + oneLine.substring(oneLine.length() - (STATEMENT - head - 3));
    }

    static String verdict(RunResult bare, RunResult safe) {
        Scenario.EndState a = bare.endState();
        Scenario.EndState b = safe.endState();
        if (a.correct() && b.correct() && a.checksum() == b.checksum()) {
            return "End state: the same in both runs, and correct: " + b.describe() + " (checksum "
                    + b.checksum() + " in both).";
        }
        return "End state DIFFERS or is wrong: " + bare.label() + ": " + a.describe() + ", checksum " + a.checksum()
                + "; " + safe.label() + ": " + b.describe() + ", checksum " + b.checksum() + ".";
    }

    static boolean endStatesMatch(RunResult bare, RunResult safe) {
        return bare.endState().correct() && safe.endState().correct()
                && Objects.equals(bare.endState().checksum(), safe.endState().checksum());
    }

    private static String row(String label, String a, String b) {
        return ("  " + pad(label, LABEL) + leftPad(a, CELL) + leftPad(b, CELL)).stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return s.length() >= width ? " " + s : " ".repeat(width - s.length()) + s;
    }
}
