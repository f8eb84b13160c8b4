package dev.safemigrate.config;

import java.time.Duration;

/**
 * The {@code safemigrate.batch.*} settings, resolved and validated (see {@link Setting} for each key's
 * meaning and range). A zero duration or count means "off".
 */
public record BatchSettings(boolean enabled, int minRows, Duration targetTime, int minSize, int maxSize,
                            Duration pause, Duration maxLag, Duration criticalLag, int maxActiveSessions,
                            int criticalActiveSessions, Duration abortAfter, String journalTable,
                            Duration journalRetention) {
}
