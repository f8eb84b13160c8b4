package dev.safemigrate.execution;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a random time in
 * {@code [0, min(cap, base * 2^(n-1)))}. Jitter keeps two migrations (or a migration and a retrying
 * application) from colliding on the same lock again and again.
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;

    public Backoff(Duration base, Duration cap) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
    }

    /** The upper bound of the wait before retry {@code retry} (1 = first retry). */
    public long ceilingMillis(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long ceiling = baseMillis << shift;
        if (ceiling < 0 || ceiling > capMillis) {
            ceiling = capMillis;
        }
        return ceiling;
    }

    /** A random wait below {@link #ceilingMillis(int)}. */
    public long delayMillis(int retry) {
        long ceiling = ceilingMillis(retry);
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
