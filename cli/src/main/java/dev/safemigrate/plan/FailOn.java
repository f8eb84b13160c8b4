package dev.safemigrate.plan;

import java.util.Locale;

/** {@code --fail-on}: the lowest risk that fails the build (exit code 1). */
public enum FailOn {
    NEVER(null), WARNING(Risk.WARNING), DANGER(Risk.DANGER), REFUSED(Risk.REFUSED);

    private final Risk threshold;

    FailOn(Risk threshold) {
        this.threshold = threshold;
    }

    public boolean fails(Risk worst) {
        return threshold != null && worst.compareTo(threshold) >= 0;
    }

    /** The level named on the command line, or {@code null}. */
    public static FailOn parse(String s) {
        for (FailOn f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(s)) {
                return f;
            }
        }
        return null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
