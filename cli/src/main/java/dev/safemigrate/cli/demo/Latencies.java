package dev.safemigrate.cli.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every operation of the load: when it was due, how long it took from then, whether it failed. Latency
 * counts from when the operation was <em>due</em>, not from when a stalled client got round to sending it
 * (the load runs at a fixed rate), so a backlog behind a blocked statement shows as latency, as it would
 * for an application's users.
 */
final class Latencies {
    private final List<long[]> samples = new ArrayList<>();

    /** {@code dueNanos} on {@link System#nanoTime()}'s clock. */
    synchronized void record(long dueNanos, long latencyNanos, boolean failed) {
        samples.add(new long[] {dueNanos, latencyNanos, failed ? 1 : 0});
    }

    /** The operations due in [from, to). */
    synchronized Window window(long fromNanos, long toNanos) {
        long[] latencies = new long[samples.size()];
        int n = 0;
        long errors = 0;
        for (long[] s : samples) {
            if (s[0] >= fromNanos && s[0] < toNanos) {
                latencies[n++] = s[1];
                errors += s[2];
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Window(n, errors, sorted);
    }

    /** Operations, errors and the latency distribution of one time window. */
    static final class Window {
        private final long operations;
        private final long errors;
        private final long[] sortedNanos;

        Window(long operations, long errors, long[] sortedNanos) {
            this.operations = operations;
            this.errors = errors;
            this.sortedNanos = sortedNanos;
        }

        long operations() {
            return operations;
        }

        long errors() {
            return errors;
        }

        long maxMillis() {
            return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1_000_000;
        }

        /** Nearest-rank percentile. */
        long percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1_000_000;
        }
    }
}
