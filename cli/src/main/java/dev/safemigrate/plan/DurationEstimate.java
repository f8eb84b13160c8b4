package dev.safemigrate.plan;

/**
 * A rough duration for the work a statement does to a table of known size, from fixed throughputs of a
 * modest server (documented in docs/plan.md). It is an order of magnitude, not a promise: caching, disks,
 * concurrent load, index count and row width change it several-fold. Only given with {@code --url}.
 */
public final class DurationEstimate {
    static final double MB = 1024 * 1024;
    /** Sequential read of the heap (scan to validate a constraint, SET NOT NULL). */
    static final double SCAN_MB_PER_S = 200;
    /** Writing a new copy of the table and rebuilding its indexes. */
    static final double REWRITE_MB_PER_S = 50;
    /** Reading the heap and sorting the keys into an index; a concurrent build scans twice. */
    static final double INDEX_BUILD_MB_PER_S = 60;
    /** Rows changed per second by one transaction, or by the driver's batches (which also pause). */
    static final double ROWS_PER_S = 20_000;

    private DurationEstimate() {
    }

    /** Seconds, or -1 when the work does not grow with the table. */
    public static double seconds(Work work, TableSize size, boolean concurrent) {
        if (size == null) {
            return -1;
        }
        return switch (work) {
            case SCAN -> size.dataBytes() / MB / SCAN_MB_PER_S;
            case REWRITE -> size.totalBytes() / MB / REWRITE_MB_PER_S;
            case INDEX_BUILD -> size.dataBytes() / MB / INDEX_BUILD_MB_PER_S * (concurrent ? 2 : 1);
            case ROWS -> Math.max(size.estimatedRows(), 0) / ROWS_PER_S;
            default -> -1;
        };
    }

    /** {@code < 1 s}, {@code ~40 s}, {@code ~12 min}, {@code ~3.5 h}. */
    public static String format(double seconds) {
        if (seconds < 0) {
            return null;
        }
        if (seconds < 1) {
            return "< 1 s";
        }
        if (seconds < 90) {
            return "~" + Math.round(seconds) + " s";
        }
        if (seconds < 90 * 60) {
            return "~" + Math.round(seconds / 60) + " min";
        }
        return "~" + String.format(java.util.Locale.ROOT, "%.1f", seconds / 3600) + " h";
    }
}
