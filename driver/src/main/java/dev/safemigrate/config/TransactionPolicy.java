package dev.safemigrate.config;

import java.util.Locale;

/**
 * What to do when the safe form of a statement cannot run inside the caller's transaction
 * (PostgreSQL refuses {@code CONCURRENTLY} there; {@code VALIDATE CONSTRAINT} should run in a short
 * transaction of its own), and Flyway, for one, runs every PostgreSQL migration in a transaction.
 */
public enum TransactionPolicy {
    /**
     * Commit the work done so far, run the safe form in autocommit, then open a transaction again for
     * what follows, so the caller's final commit or rollback applies to the rest. The migration is no
     * longer atomic; every rewritten step checks before acting, so running it again converges.
     */
    SPLIT,
    /** Run the original statement inside the transaction, under the lock timeout: atomic, but it blocks writes while it runs. */
    KEEP,
    /** Refuse, with an error saying how to run the migration outside a transaction. */
    FAIL;

    static TransactionPolicy parse(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "split": return SPLIT;
            case "keep": return KEEP;
            case "fail": return FAIL;
            default: throw new IllegalArgumentException("not a transaction policy");
        }
    }
}
