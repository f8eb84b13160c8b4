package dev.safemigrate.sql;

/** What a {@link StatementKind#DML} statement does. */
public enum DmlKind {
    /** INSERT … VALUES / INSERT … DEFAULT VALUES / INSERT … SET (MySQL). */
    INSERT_VALUES,
    /** INSERT … SELECT (also INSERT … TABLE / WITH … INSERT … SELECT). */
    INSERT_SELECT,
    UPDATE,
    DELETE,
    MERGE,
    /** MySQL REPLACE. */
    REPLACE
}
