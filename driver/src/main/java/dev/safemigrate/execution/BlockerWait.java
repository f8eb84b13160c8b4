package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Waits, before a DDL attempt, while another session's long transaction holds a lock on the statement's table
 * ({@code safemigrate.preWait}). Waiting here puts nothing in the lock queue, so the table's reads and writes go
 * on; queueing behind the holder would stall every one of them for the attempt's lock timeout. Polls with a
 * growing interval (20 ms up to 200 ms), so the attempt starts within a fifth of a second after the holder ends.
 * A session counts when its transaction is open longer than the first attempt's lock timeout
 * ({@code lockTimeout.first}, else {@code lockTimeout}): a storm of short transactions never stops the attempt,
 * its short lock timeout takes care of them. Where the server cannot honour so short a timeout (MySQL/MariaDB
 * take whole seconds), an attempt behind even a young transaction could stall the table for a second, so there
 * every holder counts; a storm's transactions end within milliseconds, and a poll soon finds none. Bounded by a
 * budget per
 * statement ({@code retry.maxAttempts × lockTimeout}, the time its attempts could have spent queued); after it the
 * attempts go ahead as without waiting.
 */
final class BlockerWait {
    private static final Logger log = LoggerFactory.getLogger(BlockerWait.class);
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 200;
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final Connection raw;
    private final DatabaseSupport support;
    private final DriverMetrics metrics;
    private final Attempts attempts;
    private final boolean enabled;
    private final Duration olderThan;
    private final long budgetNanos;

    BlockerWait(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics, Attempts attempts) {
        this.raw = raw;
        this.support = support;
        this.metrics = metrics;
        this.attempts = attempts;
        this.enabled = settings.preWait();
        Duration first = new LockTimeoutSchedule(settings).forAttempt(1);
        this.olderThan = first.compareTo(support.shortestLockTimeout()) >= 0 ? first : Duration.ZERO;
        this.budgetNanos = settings.lockTimeout().toNanos() * settings.retryMaxAttempts();
    }

    /** {@code safemigrate.preWait}: when false, {@link Budget#awaitHolders} asks nothing. */
    boolean enabled() {
        return enabled;
    }

    /** A budget for one statement: every attempt of it waits from the same budget. */
    Budget budget() {
        return new Budget();
    }

    /** What is left of one statement's waiting time. */
    final class Budget {
        private long spentNanos;

        /** Waits while long lock holders are there and budget is left; returns how long it waited. */
        Duration awaitHolders(SqlStatement ddl) throws SQLException {
            if (!enabled || ddl == null || spentNanos >= budgetNanos) {
                return Duration.ZERO;
            }
            List<BlockingSession> holders = support.longLockHolders(raw, ddl, olderThan);
            if (holders.isEmpty()) {
                return Duration.ZERO;
            }
            long start = System.nanoTime();
            long lastLog = start;
            long poll = FIRST_POLL_MILLIS;
            log.info("Waiting before queueing {} (reads and writes go on meanwhile): {}", LogText.shorten(ddl.text()),
                    describe(holders));
            while (!holders.isEmpty() && spentNanos + (System.nanoTime() - start) < budgetNanos) {
                attempts.sleep(poll, "Interrupted while waiting for the sessions that hold the table's locks");
                poll = Math.min(MAX_POLL_MILLIS, poll * 2);
                holders = support.longLockHolders(raw, ddl, olderThan);
                if (!holders.isEmpty() && System.nanoTime() - lastLog >= LOG_EVERY_NANOS) {
                    lastLog = System.nanoTime();
                    log.info("Still waiting ({} ms) before queueing {}: {}",
                            (lastLog - start) / 1_000_000, LogText.shorten(ddl.text()), describe(holders));
                }
            }
            long waited = System.nanoTime() - start;
            spentNanos += waited;
            metrics.preWait(waited);
            if (holders.isEmpty()) {
                log.info("The lock holders are gone after {} ms; attempting {}", waited / 1_000_000,
                        LogText.shorten(ddl.text()));
            } else {
                log.warn("Waited {} ms (safemigrate.retry.maxAttempts × lockTimeout) for {}; attempting anyway",
                        waited / 1_000_000, describe(holders));
            }
            return Duration.ofNanos(waited);
        }
    }

    private static String describe(List<BlockingSession> holders) {
        StringBuilder b = new StringBuilder();
        for (BlockingSession h : holders) {
            b.append(b.length() == 0 ? "" : "; ").append(h);
        }
        return b.toString();
    }
}
