package dev.safemigrate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every setting the driver understands. The key is written with the {@code safemigrate.} prefix in
 * URLs, connection properties, system properties and {@code safemigrate.properties}.
 *
 * <p>Each entry knows how to parse and check its value, so an unknown key or a bad value is
 * rejected with a message that names the key and what it accepts.
 */
public enum Setting {
    ENABLED("enabled", "true", "true | false",
            "Master switch. false passes every statement through untouched.", Setting::parseBoolean),
    DRY_RUN("dryRun", "false", "true | false",
            "Log what safemigrate would do with each DDL and bulk statement (rewrite, batch, refuse, lock timeout)"
                    + " and send every statement exactly as written.", Setting::parseBoolean),
    LOCK_TIMEOUT("lockTimeout", "1s", "a duration from 1ms to 1h, e.g. 500ms, 1s, 2m",
            "Lock timeout each DDL statement runs under. Each attempt stalls the table's traffic for at most this long."
                    + " MySQL/MariaDB count whole seconds: values are rounded up.",
            v -> parseDuration(v, Duration.ofMillis(1), Duration.ofHours(1))),
    LOCK_TIMEOUT_FIRST("lockTimeout.first", "50ms", "off or a duration from 1ms to 1h, e.g. 50ms",
            "Lock timeout of a DDL statement's first attempt; each retry doubles it, up to lockTimeout, so a brief"
                    + " conflict costs the table's traffic tens of milliseconds. off: every attempt waits lockTimeout."
                    + " MySQL/MariaDB count whole seconds (each attempt there waits at least 1 s).",
            v -> "off".equalsIgnoreCase(v) ? Duration.ZERO : parseDuration(v, Duration.ofMillis(1), Duration.ofHours(1))),
    PRE_WAIT("preWait", "true", "true | false",
            "Before each DDL attempt, wait without queueing (so reads and writes go on) while another session's"
                    + " transaction, open longer than the first attempt's lock timeout, holds a lock on the statement's"
                    + " table in a mode that conflicts with the statement's (MySQL/MariaDB: any metadata lock of any age,"
                    + " as an attempt there waits at least 1 s; seen in performance_schema or MariaDB's METADATA_LOCK_INFO"
                    + " plugin); at most retry.maxAttempts ×"
                    + " lockTimeout in all, then the attempts go ahead.", Setting::parseBoolean),
    DDL_STATEMENT_TIMEOUT("ddlStatementTimeout", "0", "0 (off) or a duration up to 24h, e.g. 10m",
            "Optional statement timeout for DDL (PostgreSQL statement_timeout, MariaDB max_statement_time;"
                    + " ignored with a warning on MySQL).",
            v -> parseDuration(v, Duration.ZERO, Duration.ofHours(24))),
    RETRY_MAX_ATTEMPTS("retry.maxAttempts", "10", "an integer from 1 to 1000",
            "Attempts per DDL statement before giving up (1 = no retry).", v -> parseInt(v, 1, 1000)),
    RETRY_BASE_DELAY("retry.baseDelay", "250ms", "a duration from 0 to 1h",
            "First backoff ceiling; doubles per attempt (full jitter: the wait is random below the ceiling).",
            v -> parseDuration(v, Duration.ZERO, Duration.ofHours(1))),
    RETRY_MAX_DELAY("retry.maxDelay", "30s", "a duration from 0 to 1h",
            "Upper bound of the backoff ceiling.", v -> parseDuration(v, Duration.ZERO, Duration.ofHours(1))),
    JOURNAL_LIMIT("transaction.journalLimit", "1000", "an integer from 0 to 100000",
            "Statements remembered per transaction so the whole transaction can be replayed after a lock"
                    + " timeout (0 turns replay off).", v -> parseInt(v, 0, 100_000)),
    REWRITE("rewrite", "true", "true | false",
            "Rewrite dangerous DDL into its safe form (CREATE INDEX CONCURRENTLY, …). false: lock timeout and"
                    + " retry only.", Setting::parseBoolean),
    REWRITE_MIN_ROWS("rewrite.minRows", "10000", "an integer from 0 to 2000000000",
            "Tables the catalog estimates below this many rows keep their DDL as written (fast, atomic).",
            v -> parseInt(v, 0, 2_000_000_000)),
    TRANSACTION_POLICY("transactionPolicy", "split", "split | keep | fail",
            "What to do when a safe form cannot run inside the caller's transaction (CONCURRENTLY):"
                    + " split = commit the work so far, run it in autocommit, resume a transaction;"
                    + " keep = run the original statement inside the transaction under the lock timeout;"
                    + " fail = refuse with an error.", v -> TransactionPolicy.parse(v)),
    BATCH("batch", "true", "true | false",
            "Split large UPDATE/DELETE/INSERT … SELECT into keyset batches (see docs/batching.md).", Setting::parseBoolean),
    BATCH_MIN_ROWS("batch.minRows", "10000", "an integer from 0 to 2000000000",
            "Statements the planner estimates to touch fewer rows run as one statement (unless /* safemigrate:batch */).",
            v -> parseInt(v, 0, 2_000_000_000)),
    BATCH_TARGET_TIME("batch.targetTime", "200ms", "a duration from 10ms to 1m",
            "Batch size adapts so that one batch takes about this long.",
            v -> parseDuration(v, Duration.ofMillis(10), Duration.ofMinutes(1))),
    BATCH_MIN_SIZE("batch.minSize", "100", "an integer from 1 to 1000000", "Smallest batch, in rows of the key range.",
            v -> parseInt(v, 1, 1_000_000)),
    BATCH_MAX_SIZE("batch.maxSize", "50000", "an integer from 1 to 10000000", "Largest batch, in rows of the key range.",
            v -> parseInt(v, 1, 10_000_000)),
    BATCH_PAUSE("batch.pause", "0", "a duration from 0 to 1h", "Pause between batches.",
            v -> parseDuration(v, Duration.ZERO, Duration.ofHours(1))),
    BATCH_MAX_LAG("batch.maxLag", "0", "0 (off) or a duration up to 1h",
            "Replication lag above which batches pause until it drops.",
            v -> parseDuration(v, Duration.ZERO, Duration.ofHours(1))),
    BATCH_CRITICAL_LAG("batch.criticalLag", "0", "0 (off) or a duration up to 24h",
            "Replication lag that aborts the batching when it lasts longer than batch.abortAfter.",
            v -> parseDuration(v, Duration.ZERO, Duration.ofHours(24))),
    BATCH_MAX_ACTIVE_SESSIONS("batch.maxActiveSessions", "0", "0 (off) or an integer up to 100000",
            "Active sessions on the server above which batches pause.", v -> parseInt(v, 0, 100_000)),
    BATCH_CRITICAL_ACTIVE_SESSIONS("batch.criticalActiveSessions", "0", "0 (off) or an integer up to 100000",
            "Active sessions that abort the batching when it lasts longer than batch.abortAfter.",
            v -> parseInt(v, 0, 100_000)),
    BATCH_ABORT_AFTER("batch.abortAfter", "60s", "a duration from 1s to 24h",
            "How long lag or load may stay above its critical level before the batching aborts.",
            v -> parseDuration(v, Duration.ofSeconds(1), Duration.ofHours(24))),
    BATCH_JOURNAL_TABLE("batch.journalTable", "safemigrate_batch_journal", "a table name: letters, digits, _ (schema-qualified allowed)",
            "The driver's own progress table, created on first use.", Setting::parseTableName),
    BATCH_JOURNAL_RETENTION("batch.journalRetention", "7d", "a duration from 1m to 365d, e.g. 7d",
            "Finished journal entries are removed after this long.",
            v -> parseDuration(v, Duration.ofMinutes(1), Duration.ofDays(365))),
    EXPAND_STATE_TABLE("expand.stateTable", "safemigrate_expansions",
            "a table name: letters, digits, _ (schema-qualified allowed)",
            "The driver's record of expansions (policy expand), created on first use.", Setting::parseTableName),
    CACHE_SIZE("cacheSize", "10000", "an integer from 0 to 10000000",
            "Classified SQL strings kept in the cache (0 = no cache).", v -> parseInt(v, 0, 10_000_000)),
    POLICY_DEFAULT("policy.default", "builtin", "builtin | warn | refuse",
            "Policy of every operation whose own safemigrate.policy.<operation> key is not given:"
                    + " builtin = each operation's own default.", Policy::parseDefault),
    POLICY_RENAME_COLUMN("policy.renameColumn", "warn", "warn | refuse | expand",
            "ALTER TABLE … RENAME COLUMN: running code still uses the old name. expand (PostgreSQL): add the new"
                    + " column, keep both in step with a trigger, backfill, copy indexes and constraints; the old"
                    + " column is dropped when you contract (docs/expand-contract.md).", Policy::parseExpandable),
    POLICY_RENAME_TABLE("policy.renameTable", "warn", "warn | refuse | expand",
            "ALTER TABLE … RENAME TO: running code still uses the old name. expand (PostgreSQL): rename, and a view"
                    + " with the old name so old code reads and writes on; contract drops the view"
                    + " (docs/expand-contract.md).", Policy::parseExpandable),
    POLICY_DROP_COLUMN("policy.dropColumn", "warn", "warn | refuse | expand",
            "ALTER TABLE … DROP COLUMN: running code may still read or write it. expand (PostgreSQL): the column"
                    + " stays (made nullable) and its data is copied to an archive table kept current by a trigger;"
                    + " the column is dropped when you contract, the archive kept (docs/expand-contract.md).",
            Policy::parseExpandable),
    POLICY_DROP_TABLE("policy.dropTable", "warn", "warn | refuse",
            "DROP TABLE: running code may still use it; the data is gone.", Policy::parse),
    POLICY_TRUNCATE("policy.truncate", "warn", "warn | refuse",
            "TRUNCATE: the data is gone; fast once it has its ACCESS EXCLUSIVE lock.", Policy::parse),
    POLICY_VACUUM_FULL("policy.vacuumFull", "refuse", "warn | refuse",
            "VACUUM FULL: rewrites the table under ACCESS EXCLUSIVE (no reads or writes) for as long as it runs.",
            Policy::parse),
    POLICY_CLUSTER("policy.cluster", "refuse", "warn | refuse",
            "CLUSTER: rewrites the table under ACCESS EXCLUSIVE (no reads or writes) for as long as it runs.",
            Policy::parse),
    POLICY_EXCLUSION_CONSTRAINT("policy.exclusionConstraint", "refuse", "warn | refuse",
            "ALTER TABLE … ADD … EXCLUDE: builds its index and checks every row under ACCESS EXCLUSIVE.",
            Policy::parse),
    POLICY_ALTER_COLUMN_TYPE("policy.alterColumnType", "refuse", "warn | refuse | expand | online",
            "ALTER COLUMN … TYPE that is not binary-compatible: rewrites the table under ACCESS EXCLUSIVE. expand"
                    + " (PostgreSQL): a shadow column of the new type filled by a trigger and batches, then a brief"
                    + " swap of the names; the old column is dropped when you contract (docs/expand-contract.md)."
                    + " online (MySQL/MariaDB MODIFY/CHANGE the server would copy for): the driver's online table copy"
                    + " (docs/online-copy.md).",
            Policy::parseTypeChange),
    POLICY_VOLATILE_DEFAULT("policy.volatileDefault", "refuse", "warn | refuse",
            "ADD COLUMN … DEFAULT <volatile expression> (any non-null default before PostgreSQL 11): rewrites the"
                    + " table under ACCESS EXCLUSIVE.", Policy::parse),
    POLICY_COPYING_ALTER("policy.copyingAlter", "refuse", "warn | refuse | online",
            "MySQL/MariaDB ALTER TABLE, CREATE INDEX or DROP INDEX the server can run neither with ALGORITHM=INSTANT"
                    + " nor with ALGORITHM=INPLACE, LOCK=NONE: it would copy the table and block writes for as long"
                    + " as that takes. online (ALTER TABLE): the driver copies the table itself into a shadow table kept"
                    + " in step by triggers, compares the two and swaps them with one RENAME TABLE (docs/online-copy.md).",
            Policy::parseCopying),
    ONLINE_COPY_OLD_TABLE("onlineCopy.oldTable", "keep", "keep | drop",
            "After an online copy's swap, the original table (renamed _<table>_old): keep it (drop it yourself once"
                    + " you are sure; dropping a big table can stall the server) or drop it at once.",
            v -> parseChoice(v, "keep", "drop")),
    ONLINE_COPY_JOURNAL_TABLE("onlineCopy.journalTable", "safemigrate_online_copy",
            "a table name: letters, digits, _ (schema-qualified allowed)",
            "The online copy's progress table (one row per table being copied, created on first use), so a copy"
                    + " interrupted by a crash resumes where it stopped.", Setting::parseTableName),
    POLICY_NOT_NULL_REBUILD("policy.notNullRebuild", "warn", "warn | refuse",
            "MySQL/MariaDB MODIFY/CHANGE of a nullable column to NOT NULL: rebuilds the whole table (in place,"
                    + " writes continue).", Policy::parse);

    /** Prefix of every key wherever it is written. */
    public static final String PREFIX = "safemigrate.";

    private final String name;
    private final String defaultValue;
    private final String allowed;
    private final String description;
    private final Function<String, Object> parser;

    Setting(String name, String defaultValue, String allowed, String description, Function<String, Object> parser) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.description = description;
        this.parser = parser;
    }

    /** The key as users write it, e.g. {@code safemigrate.lockTimeout}. */
    public String key() {
        return PREFIX + name;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String allowedValues() {
        return allowed;
    }

    public String description() {
        return description;
    }

    /** Parses a raw value; throws {@link IllegalArgumentException} with a short reason when it is bad. */
    Object parse(String raw) {
        return parser.apply(raw.trim());
    }

    /** The setting with this key ({@code safemigrate.} prefix included), or {@code null}. */
    public static Setting forKey(String key) {
        for (Setting s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static Object parseBoolean(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: throw new IllegalArgumentException("not a boolean");
        }
    }

    private static Object parseChoice(String v, String... choices) {
        for (String c : choices) {
            if (c.equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not one of " + String.join(", ", choices));
    }

    private static Object parseInt(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("out of range");
        }
        return n;
    }

    private static Object parseTableName(String v) {
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?")) {
            throw new IllegalArgumentException("not a plain table name");
        }
        return v;
    }

    private static Duration parseDuration(String v, Duration min, Duration max) {
        return Durations.parse(v, min, max);
    }
}
