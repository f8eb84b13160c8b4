package dev.safemigrate.cli.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's text from made-up runs: what a reader of it relies on. */
class DemoReportTest {
    private static final Scenario.EndState DONE = new Scenario.EndState(true, true, true, 0, 4242);

    @Test
    void latencyIsMeasuredFromWhenEachOperationWasDue() {
        Latencies l = new Latencies();
        for (int i = 0; i < 99; i++) {
            l.record(1_000 + i, 2_000_000, false); // 2 ms
        }
        l.record(1_200, 4_800_000_000L, true); // one operation that waited 4.8 s and failed
        l.record(5_000, 9_000_000_000L, false); // due outside the window
        Latencies.Window w = l.window(1_000, 2_000);
        assertThat(w.operations()).isEqualTo(100);
        assertThat(w.errors()).isEqualTo(1);
        assertThat(w.maxMillis()).isEqualTo(4_800);
        assertThat(w.percentileMillis(99)).isEqualTo(2);
        assertThat(w.percentileMillis(100)).isEqualTo(4_800);
    }

    @Test
    void printsBothRunsSideBySideAndFoldsRetriedAttempts() {
        RunResult bare = run("bare driver", 4_850, List.of(
                new DdlCapture.Seen("ALTER TABLE orders ADD COLUMN customer_id bigint", "0")), null);
        RunResult safe = run("safemigrate", 510, List.of(
                new DdlCapture.Seen("ALTER TABLE orders ADD COLUMN customer_id bigint", "500ms"),
                new DdlCapture.Seen("ALTER TABLE orders ADD COLUMN customer_id bigint", "500ms"),
                new DdlCapture.Seen("ALTER TABLE orders ADD COLUMN customer_id bigint", "500ms"),
                new DdlCapture.Seen("ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id)"
                        + " REFERENCES customers (id) ON DELETE RESTRICT ON UPDATE RESTRICT DEFERRABLE INITIALLY IMMEDIATE NOT VALID",
                        "500ms")),
                new RunResult.DriverFacts(2, 4_250, 33, 300_512, Map.of("create-index", 1L)));
        String text = print(bare, safe, true);
        assertThat(text).containsPattern("latency max +4\\.85 s +510 ms");
        assertThat(text).contains("ALTER TABLE orders ADD COLUMN customer_id bigint   [no lock timeout]");
        assertThat(text).contains("ALTER TABLE orders ADD COLUMN customer_id bigint   [lock_timeout 500ms, 3 attempts]");
        assertThat(text).as("a long statement keeps its end").contains("… ").contains("NOT VALID   [lock_timeout 500ms]");
        assertThat(text).contains("rule create-index: 1 statement rewritten (CREATE INDEX CONCURRENTLY)");
        assertThat(text).contains("2 DDL attempts hit their lock timeout (growing from 50 ms to 500 ms) and were retried")
                .contains("DDL waited 4.25 s without queueing");
        assertThat(text).contains("End state: the same in both runs, and correct").contains("checksum 4242 in both");
    }

    @Test
    void withoutTheEventTriggerOnlyTheMetersAreShown() {
        RunResult bare = run("bare driver", 100, List.of(), null);
        RunResult safe = run("safemigrate", 100, List.of(), new RunResult.DriverFacts(0, 0, 0, 0, Map.of()));
        String text = print(bare, safe, false);
        assertThat(text).doesNotContain("What the server received").contains("safemigrate's meters");
    }

    @Test
    void aDifferentEndStateIsSaidPlainly() {
        RunResult bare = run("bare driver", 100, List.of(), null);
        RunResult safe = new RunResult("safemigrate", 1, window(1), window(1), List.of(),
                new Scenario.EndState(true, false, true, 0, 4242), List.of(), null, null, null);
        assertThat(Report.verdict(bare, safe)).startsWith("End state DIFFERS or is wrong").contains("index NOT VALID");
        assertThat(Report.endStatesMatch(bare, safe)).isFalse();
    }

    private static String print(RunResult bare, RunResult safe, boolean captured) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Report.print(new PrintStream(out, true, StandardCharsets.UTF_8), new Report.Setup("embedded", "14.22",
                "safemigrate_demo_abcdef", 300_000, "5.00 s", "500 ms", "safemigrate.lockTimeout=500ms", captured), bare, safe);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RunResult run(String label, long maxMillis, List<DdlCapture.Seen> seen, RunResult.DriverFacts facts) {
        List<RunResult.Step> steps = new ArrayList<>();
        for (int i = 0; i < Scenario.MIGRATION.size(); i++) {
            steps.add(new RunResult.Step(Scenario.STEP_NAMES.get(i), Scenario.MIGRATION.get(i), 10, i == 3 ? 300_000 : 0,
                    window(maxMillis)));
        }
        return new RunResult(label, 9_000, window(maxMillis), window(3), steps, DONE, seen, facts, null, null);
    }

    private static Latencies.Window window(long maxMillis) {
        return new Latencies.Window(100, 0, new long[] {1_000_000, maxMillis * 1_000_000});
    }
}
