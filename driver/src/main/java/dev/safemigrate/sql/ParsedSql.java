package dev.safemigrate.sql;

import java.util.List;

/**
 * A SQL string split into its statements. Immutable and cached per SQL text, so the flags are
 * computed once here rather than on every execution.
 */
public final class ParsedSql {
    private final String sql;
    private final List<SqlStatement> statements;
    private final boolean containsDdl;
    private final boolean containsTransactionControl;
    private final boolean containsOther;
    private final boolean returnsRows;
    private final int nonEmptyCount;
    private final StatementKind kind;
    private final boolean bulkCandidate;

    public ParsedSql(String sql, List<SqlStatement> statements) {
        this.sql = sql;
        this.statements = List.copyOf(statements);
        boolean ddl = false, tx = false, other = false, rows = false;
        int nonEmpty = 0;
        for (SqlStatement s : this.statements) {
            if (s.kind() == StatementKind.EMPTY) {
                continue;
            }
            nonEmpty++;
            ddl |= s.kind() == StatementKind.DDL;
            tx |= s.kind() == StatementKind.TRANSACTION;
            other |= s.kind() == StatementKind.OTHER;
            rows |= s.returnsRows();
        }
        this.containsDdl = ddl;
        this.containsTransactionControl = tx;
        this.containsOther = other;
        this.returnsRows = rows;
        this.nonEmptyCount = nonEmpty;
        SqlStatement first = first();
        this.kind = first == null ? StatementKind.EMPTY : first.kind();
        this.bulkCandidate = nonEmpty == 1 && kind == StatementKind.DML && !first.hasReturning() && !first.hasLimit()
                && (first.dmlKind() == DmlKind.UPDATE || first.dmlKind() == DmlKind.DELETE
                || first.dmlKind() == DmlKind.INSERT_SELECT);
    }

    public String sql() {
        return sql;
    }

    /** Every statement, including {@link StatementKind#EMPTY} pieces (whitespace or comments only). */
    public List<SqlStatement> statements() {
        return statements;
    }

    /** The kind of the first non-empty statement ({@link StatementKind#EMPTY} when there is none). */
    public StatementKind kind() {
        return kind;
    }

    /**
     * One UPDATE, DELETE or INSERT … SELECT without RETURNING or LIMIT: worth asking the batching engine
     * about. Computed once per SQL text, so the hot path pays a field read.
     */
    public boolean bulkCandidate() {
        return bulkCandidate;
    }

    /** The first DDL statement, or {@code null}. */
    public SqlStatement firstDdl() {
        for (SqlStatement s : statements) {
            if (s.kind() == StatementKind.DDL) {
                return s;
            }
        }
        return null;
    }

    public boolean containsDdl() {
        return containsDdl;
    }

    public boolean containsTransactionControl() {
        return containsTransactionControl;
    }

    public boolean containsOther() {
        return containsOther;
    }

    public boolean returnsRows() {
        return returnsRows;
    }

    /** Number of statements that are not {@link StatementKind#EMPTY}. */
    public int statementCount() {
        return nonEmptyCount;
    }

    /** The first non-empty statement, or {@code null} when there is none. */
    public SqlStatement first() {
        for (SqlStatement s : statements) {
            if (s.kind() != StatementKind.EMPTY) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ParsedSql" + statements;
    }
}
