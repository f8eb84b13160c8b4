package dev.safemigrate.plan;

import java.util.Locale;

/** How bad one statement is, as the driver will run it; ordered from harmless to refused. */
public enum Risk {
    /** Nothing a user would notice beyond a brief lock under the lock timeout. */
    NONE,
    /** Worth a look: breaks running code (drops, renames), needs a live fact, or holds row locks for long. */
    WARNING,
    /** Blocks reads or writes of a table for as long as work on the whole table takes, and the driver cannot help. */
    DANGER,
    /** The driver would refuse it (a policy): the migration fails at this statement. */
    REFUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Risk max(Risk a, Risk b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
