package dev.safemigrate.dialect;

/** How the engine should treat a statement's failure. */
public enum FailureKind {
    /** Could not get a lock in time (PostgreSQL 55P03, MySQL 1205): retrying may succeed. */
    LOCK_TIMEOUT,
    /** Chosen as deadlock victim (PostgreSQL 40P01, MySQL 1213): retrying may succeed. */
    DEADLOCK,
    /** Anything else: passed to the caller unchanged. */
    OTHER;

    public boolean isRetryable() {
        return this != OTHER;
    }
}
