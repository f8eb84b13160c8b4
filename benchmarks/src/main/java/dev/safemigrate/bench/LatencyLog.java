package dev.safemigrate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Start and end of each operation of a load thread, and their latencies for a window. Thread-safe. */
final class LatencyLog {
    private final List<long[]> ops = new ArrayList<>();

    synchronized void add(long startNanos, long endNanos) {
        ops.add(new long[] {startNanos, endNanos});
    }

    /**
     * The latencies (sorted, ns) of the operations in flight at some time in [from, to]; an operation still
     * running at {@code now} counts with its latency so far, so a stalled thread's wait is never left out.
     */
    synchronized long[] latencies(long from, long to, long[] inFlightStarts, long now) {
        List<Long> out = new ArrayList<>();
        for (long[] op : ops) {
            if (op[0] <= to && op[1] >= from) {
                out.add(op[1] - op[0]);
            }
        }
        for (long s : inFlightStarts) {
            if (s != 0 && s <= to) {
                out.add(now - s);
            }
        }
        long[] sorted = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    synchronized int count(long from, long to) {
        int n = 0;
        for (long[] op : ops) {
            if (op[0] <= to && op[1] >= from) {
                n++;
            }
        }
        return n;
    }
}
