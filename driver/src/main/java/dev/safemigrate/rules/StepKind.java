package dev.safemigrate.rules;

/** How the engine runs one step of a plan. */
public enum StepKind {
    /**
     * Takes a strong lock for a short time (e.g. {@code ADD CONSTRAINT … NOT VALID}): runs under the lock
     * timeout with retry, inside the caller's transaction when there is one.
     */
    LOCKING,
    /**
     * Must run outside a transaction block ({@code CREATE INDEX CONCURRENTLY}); no lock timeout (it blocks
     * no reads or writes while it waits, and a timeout would only leave an INVALID index). Its cleanup runs
     * after a failure; lock failures and deadlocks are retried with backoff.
     */
    CONCURRENT,
    /** A long but weakly-locking step ({@code VALIDATE CONSTRAINT}) in a short transaction of its own. */
    OWN_TRANSACTION,
    /**
     * An UPDATE that fills existing rows: run by the batching engine in keyset batches (each its own
     * transaction, journaled, resumable), outside any transaction block.
     */
    BACKFILL,
    /**
     * MySQL/MariaDB {@code ALTER TABLE}/{@code CREATE INDEX} with an explicit {@code ALGORITHM}/{@code LOCK}:
     * runs like {@link #LOCKING} (lock timeout, retry); when the server answers that the operation cannot
     * run that way (vendor errors 1845/1846/1847), the step's next weaker form is tried, then its
     * its {@link CopyFallback} decides. DDL commits on these servers, so no transaction is involved.
     */
    ONLINE
}
