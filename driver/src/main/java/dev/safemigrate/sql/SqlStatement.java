package dev.safemigrate.sql;

/**
 * One statement of a SQL string, with its classification.
 *
 * @param text the exact substring of the input this statement occupies (leading whitespace and
 *     comments and its terminating {@code ;} included), so that joining the texts of all statements
 *     of a {@link ParsedSql} gives back the input unchanged
 * @param start offset of {@code text} in the input
 * @param kind the broad class
 * @param ddlKind for {@link StatementKind#DDL}, what it does; otherwise {@code null}
 * @param dmlKind for {@link StatementKind#DML}, what it does; otherwise {@code null}
 * @param transactionKind for {@link StatementKind#TRANSACTION}, what it does; otherwise {@code null}
 * @param target the table (or view, or other object) the statement acts on, when known; {@code null} otherwise.
 *     For CREATE/DROP INDEX and REINDEX INDEX this is the table when the statement names it
 *     ({@code CREATE INDEX … ON t}), else {@code null}
 * @param index the index name for CREATE/DROP/ALTER INDEX and REINDEX INDEX; {@code null} otherwise
 * @param hasWhere DML with a top-level WHERE clause
 * @param hasLimit DML with a top-level LIMIT clause (MySQL UPDATE/DELETE … LIMIT)
 * @param hasReturning DML with a RETURNING clause (PostgreSQL, MariaDB)
 * @param concurrently CREATE/DROP INDEX, REINDEX, REFRESH MATERIALIZED VIEW written with CONCURRENTLY
 */
public record SqlStatement(
        String text,
        int start,
        StatementKind kind,
        DdlKind ddlKind,
        DmlKind dmlKind,
        TransactionKind transactionKind,
        QualifiedName target,
        QualifiedName index,
        boolean hasWhere,
        boolean hasLimit,
        boolean hasReturning,
        boolean concurrently) {

    public boolean isDdl() {
        return kind == StatementKind.DDL;
    }

    /** True when executing this statement may hand rows back to the caller. */
    public boolean returnsRows() {
        return kind == StatementKind.QUERY || hasReturning || kind == StatementKind.OTHER;
    }
}
