package dev.safemigrate.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The one duration syntax of safemigrate, for settings ({@code safemigrate.lockTimeout=2s}) and the command
 * line ({@code demo --hold 5s}): a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d}; a bare number is milliseconds.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses {@code value} and checks it lies in {@code [min, max]}; throws {@link IllegalArgumentException}
     * with a short reason ("not a duration", "out of range") when it does not.
     */
    public static Duration parse(String value, Duration min, Duration max) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        long multiplier;
        String digits;
        if (s.endsWith("d")) {
            multiplier = 86_400_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("ms")) {
            multiplier = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            multiplier = 1_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            multiplier = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            multiplier = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            multiplier = 1;
            digits = s;
        }
        long amount;
        try {
            amount = Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration");
        }
        // checked before multiplying, so that a huge number cannot overflow into the range
        if (amount < 0 || amount > max.toMillis()) {
            throw new IllegalArgumentException("out of range");
        }
        Duration d = Duration.ofMillis(amount * multiplier);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return d;
    }
}
