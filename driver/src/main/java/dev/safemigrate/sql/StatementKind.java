package dev.safemigrate.sql;

/** The broad class of one SQL statement. Decides which safety features apply to it. */
public enum StatementKind {
    /** Schema change: CREATE/ALTER/DROP/TRUNCATE/RENAME/REINDEX/LOCK …; runs under the lock timeout. */
    DDL,
    /** INSERT, UPDATE, DELETE, MERGE, REPLACE. */
    DML,
    /** A statement that returns rows and changes nothing we know of: SELECT, WITH … SELECT, SHOW, VALUES, TABLE. */
    QUERY,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, … */
    TRANSACTION,
    /** SET / RESET of a session or local setting. */
    SET,
    /** Only whitespace and comments. */
    EMPTY,
    /** Anything not understood. Passes through unchanged and is never rewritten. */
    OTHER
}
