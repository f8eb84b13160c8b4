package dev.safemigrate.cli.demo;

import java.util.List;
import java.util.Map;

/** What one run (bare driver or safemigrate) measured and left behind. */
record RunResult(
        String label,
        long migrationMillis,
        Latencies.Window load,
        Latencies.Window baseline,
        List<Step> steps,
        Scenario.EndState endState,
        List<DdlCapture.Seen> seen,
        DriverFacts driver,
        String failure,
        String firstLoadError) {

    /** One statement of the migration: how long it took and what the load felt meanwhile. */
    record Step(String name, String sql, long millis, long updateCount, Latencies.Window load) {
    }

    /** What safemigrate's own meters counted during the run (null for the bare driver). */
    record DriverFacts(long lockRetries, long preWaitMillis, long batches, long batchRows,
                       Map<String, Long> rewritesByRule) {
    }

    boolean failed() {
        return failure != null;
    }
}
