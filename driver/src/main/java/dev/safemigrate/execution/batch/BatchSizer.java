package dev.safemigrate.execution.batch;

/**
 * Adapts the batch size (rows of the key range per batch) to a target batch time: grows at most 1.5×
 * per batch, shrinks at once and in proportion when a batch overruns badly, and always stays within
 * the configured bounds.
 */
public final class BatchSizer {
    /** A batch taking this many times the target counts as a bad overrun: cut the size at once. */
    static final double OVERRUN = 2.0;
    static final double MAX_GROWTH = 1.5;

    private final long targetNanos;
    private final int min;
    private final int max;
    private int size;

    public BatchSizer(long targetNanos, int min, int max) {
        this.targetNanos = targetNanos;
        this.min = min;
        this.max = Math.max(min, max);
        this.size = Math.max(this.min, Math.min(this.max, 1000));
    }

    public int size() {
        return size;
    }

    /** A batch of the current size took {@code nanos}: choose the next size. */
    public void record(long nanos) {
        double ratio = nanos <= 0 ? MAX_GROWTH : (double) targetNanos / nanos;
        double next;
        if (ratio >= 1) {
            next = size * Math.min(ratio, MAX_GROWTH);
        } else if (1 / ratio >= OVERRUN) {
            next = size * ratio; // overran badly: straight to the size that would have met the target
        } else {
            next = size * Math.max(ratio, 0.5);
        }
        size = (int) Math.max(min, Math.min(max, Math.round(next)));
    }
}
