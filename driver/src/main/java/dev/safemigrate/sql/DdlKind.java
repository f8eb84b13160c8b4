package dev.safemigrate.sql;

/** What a {@link StatementKind#DDL} statement does. Later rewrite rules dispatch on this. */
public enum DdlKind {
    CREATE_TABLE,
    ALTER_TABLE,
    DROP_TABLE,
    RENAME_TABLE,
    TRUNCATE,
    CREATE_INDEX,
    DROP_INDEX,
    ALTER_INDEX,
    REINDEX,
    CREATE_VIEW,
    DROP_VIEW,
    CREATE_MATERIALIZED_VIEW,
    REFRESH_MATERIALIZED_VIEW,
    CREATE_TRIGGER,
    DROP_TRIGGER,
    COMMENT,
    GRANT,
    REVOKE,
    LOCK_TABLE,
    VACUUM,
    CLUSTER,
    ANALYZE,
    /** Any other CREATE (schema, sequence, type, function, extension, …). */
    CREATE_OTHER,
    /** Any other ALTER. */
    ALTER_OTHER,
    /** Any other DROP. */
    DROP_OTHER
}
