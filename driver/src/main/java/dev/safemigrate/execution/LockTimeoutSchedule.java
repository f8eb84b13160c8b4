package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;

import java.time.Duration;

/**
 * The lock timeout of each attempt of a DDL statement: {@code safemigrate.lockTimeout.first} for the first,
 * doubled at each retry, never more than {@code safemigrate.lockTimeout} (every attempt that long when the setting
 * is off). Each attempt stalls the table's
 * traffic for at most its timeout (queries queue behind a waiting DDL), so a brief conflict costs tens of
 * milliseconds, and only a long one costs the full lock timeout per attempt.
 */
public final class LockTimeoutSchedule {
    private final Duration first;
    private final Duration max;

    public LockTimeoutSchedule(Settings settings) {
        this(settings.lockTimeoutFirst(), settings.lockTimeout());
    }

    /** @param first zero for no schedule: every attempt waits {@code max} */
    LockTimeoutSchedule(Duration first, Duration max) {
        this.first = !first.isZero() && first.compareTo(max) < 0 ? first : max;
        this.max = max;
    }

    /** The lock timeout of attempt {@code attempt} (1-based). */
    public Duration forAttempt(int attempt) {
        Duration t = first;
        for (int k = 1; k < attempt && t.compareTo(max) < 0; k++) {
            t = t.multipliedBy(2);
        }
        return t.compareTo(max) < 0 ? t : max;
    }
}
