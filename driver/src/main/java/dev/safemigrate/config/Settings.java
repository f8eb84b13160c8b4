package dev.safemigrate.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved, validated settings of one connection. Immutable; typed getters for the hot path.
 */
public final class Settings {
    private final boolean enabled;
    private final boolean dryRun;
    private final Duration lockTimeout;
    private final Duration lockTimeoutFirst;
    private final boolean preWait;
    private final Duration ddlStatementTimeout;
    private final int retryMaxAttempts;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final int journalLimit;
    private final int cacheSize;
    private final boolean rewrite;
    private final int rewriteMinRows;
    private final TransactionPolicy transactionPolicy;
    private final BatchSettings batch;
    private final String expandStateTable;
    private final boolean onlineCopyDropsOldTable;
    private final String onlineCopyJournalTable;
    private final Optional<Policy> policyDefault;
    private final EnumMap<Setting, Policy> policies = new EnumMap<>(Setting.class);

    Settings(Map<Setting, Object> values) {
        EnumMap<Setting, Object> v = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            v.put(s, values.containsKey(s) ? values.get(s) : s.parse(s.defaultValue()));
        }
        this.enabled = (Boolean) v.get(Setting.ENABLED);
        this.dryRun = (Boolean) v.get(Setting.DRY_RUN);
        this.lockTimeout = (Duration) v.get(Setting.LOCK_TIMEOUT);
        this.lockTimeoutFirst = (Duration) v.get(Setting.LOCK_TIMEOUT_FIRST);
        this.preWait = (Boolean) v.get(Setting.PRE_WAIT);
        this.ddlStatementTimeout = (Duration) v.get(Setting.DDL_STATEMENT_TIMEOUT);
        this.retryMaxAttempts = (Integer) v.get(Setting.RETRY_MAX_ATTEMPTS);
        this.retryBaseDelay = (Duration) v.get(Setting.RETRY_BASE_DELAY);
        this.retryMaxDelay = (Duration) v.get(Setting.RETRY_MAX_DELAY);
        this.journalLimit = (Integer) v.get(Setting.JOURNAL_LIMIT);
        this.cacheSize = (Integer) v.get(Setting.CACHE_SIZE);
        this.rewrite = (Boolean) v.get(Setting.REWRITE);
        this.rewriteMinRows = (Integer) v.get(Setting.REWRITE_MIN_ROWS);
        this.transactionPolicy = (TransactionPolicy) v.get(Setting.TRANSACTION_POLICY);
        this.batch = new BatchSettings((Boolean) v.get(Setting.BATCH), (Integer) v.get(Setting.BATCH_MIN_ROWS),
                (Duration) v.get(Setting.BATCH_TARGET_TIME), (Integer) v.get(Setting.BATCH_MIN_SIZE),
                (Integer) v.get(Setting.BATCH_MAX_SIZE), (Duration) v.get(Setting.BATCH_PAUSE),
                (Duration) v.get(Setting.BATCH_MAX_LAG), (Duration) v.get(Setting.BATCH_CRITICAL_LAG),
                (Integer) v.get(Setting.BATCH_MAX_ACTIVE_SESSIONS), (Integer) v.get(Setting.BATCH_CRITICAL_ACTIVE_SESSIONS),
                (Duration) v.get(Setting.BATCH_ABORT_AFTER), (String) v.get(Setting.BATCH_JOURNAL_TABLE),
                (Duration) v.get(Setting.BATCH_JOURNAL_RETENTION));
        this.expandStateTable = (String) v.get(Setting.EXPAND_STATE_TABLE);
        this.onlineCopyDropsOldTable = "drop".equals(v.get(Setting.ONLINE_COPY_OLD_TABLE));
        this.onlineCopyJournalTable = (String) v.get(Setting.ONLINE_COPY_JOURNAL_TABLE);
        @SuppressWarnings("unchecked")
        Optional<Policy> fallback = (Optional<Policy>) v.get(Setting.POLICY_DEFAULT);
        this.policyDefault = fallback;
        for (Setting s : Setting.values()) {
            if (v.get(s) instanceof Policy) {
                // An operation's own key, wherever it was given, beats policy.default; policy.default beats
                // the operation's built-in default.
                policies.put(s, values.containsKey(s) ? (Policy) values.get(s) : fallback.orElse((Policy) v.get(s)));
            }
        }
    }

    /** Every setting at its default. */
    public static Settings defaults() {
        return new Settings(Map.of());
    }

    public boolean enabled() {
        return enabled;
    }

    /** Log what would be done, send every statement as written. */
    public boolean dryRun() {
        return dryRun;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * {@code safemigrate.lockTimeout.first}: the first attempt's lock timeout (each retry doubles it up to
     * lockTimeout); {@link Duration#ZERO} when off (every attempt waits lockTimeout).
     */
    public Duration lockTimeoutFirst() {
        return lockTimeoutFirst;
    }

    /** {@code safemigrate.preWait}: wait for long lock holders before queueing. */
    public boolean preWait() {
        return preWait;
    }

    /** {@link Duration#ZERO} when off. */
    public Duration ddlStatementTimeout() {
        return ddlStatementTimeout;
    }

    public int retryMaxAttempts() {
        return retryMaxAttempts;
    }

    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    public int journalLimit() {
        return journalLimit;
    }

    public int cacheSize() {
        return cacheSize;
    }

    /** Whether rewrite rules apply at all. */
    public boolean rewrite() {
        return rewrite;
    }

    /** Tables estimated below this many rows keep their DDL as written. */
    public int rewriteMinRows() {
        return rewriteMinRows;
    }

    public TransactionPolicy transactionPolicy() {
        return transactionPolicy;
    }

    /** {@code safemigrate.expand.stateTable}: the driver's record of expansions, possibly schema-qualified. */
    public String expandStateTable() {
        return expandStateTable;
    }

    /** {@code safemigrate.onlineCopy.oldTable=drop}: the original table is dropped right after the swap. */
    public boolean onlineCopyDropsOldTable() {
        return onlineCopyDropsOldTable;
    }

    /** {@code safemigrate.onlineCopy.journalTable}, possibly schema-qualified. */
    public String onlineCopyJournalTable() {
        return onlineCopyJournalTable;
    }

    /** The {@code safemigrate.batch.*} settings. */
    public BatchSettings batch() {
        return batch;
    }

    /**
     * The policy of one operation ({@code setting} is one of the {@code POLICY_*} keys other than
     * {@link Setting#POLICY_DEFAULT}), with {@code safemigrate.policy.default} applied.
     */
    public Policy policy(Setting setting) {
        Policy p = policies.get(setting);
        if (p == null) {
            throw new IllegalArgumentException(setting.key() + " is not an operation policy");
        }
        return p;
    }

    @Override
    public String toString() {
        return "Settings{enabled=" + enabled + ", lockTimeout=" + lockTimeout.toMillis() + "ms"
                + ", ddlStatementTimeout=" + ddlStatementTimeout.toMillis() + "ms"
                + ", retry.maxAttempts=" + retryMaxAttempts + ", retry.baseDelay=" + retryBaseDelay.toMillis() + "ms"
                + ", retry.maxDelay=" + retryMaxDelay.toMillis() + "ms, transaction.journalLimit=" + journalLimit
                + ", cacheSize=" + cacheSize + ", rewrite=" + rewrite + ", rewrite.minRows=" + rewriteMinRows
                + ", transactionPolicy=" + transactionPolicy + ", policy.default="
                + policyDefault.map(Policy::toString).orElse("builtin") + ", policies=" + policies + "}";
    }
}
