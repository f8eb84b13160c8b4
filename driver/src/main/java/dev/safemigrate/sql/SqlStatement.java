package dev.safemigrate.sql;

import java.util.function.Function;

/**
 * One statement of a SQL string, with its classification and its tokens. Immutable (its shape memo aside,
 * see {@link #shape}) and shared between connections through the classification cache.
 *
 * <p>The accessors:
 * <ul>
 *   <li>{@code text}: the exact substring of the input this statement occupies (leading whitespace and
 *       comments and its terminating {@code ;} included), so that joining the texts of all statements of a
 *       {@link ParsedSql} gives back the input unchanged; {@code start}: its offset in the input</li>
 *   <li>{@code kind}: the broad class; {@code ddlKind}, {@code dmlKind}, {@code transactionKind}: what it does,
 *       for that kind only ({@code null} otherwise)</li>
 *   <li>{@code target}: the table (or view, or other object) the statement acts on, when known, else
 *       {@code null}. For CREATE/DROP INDEX and REINDEX INDEX this is the table when the statement names it
 *       ({@code CREATE INDEX … ON t}), else {@code null}; {@code index}: the index name for CREATE/DROP/ALTER
 *       INDEX and REINDEX INDEX</li>
 *   <li>{@code hasWhere}, {@code hasLimit}, {@code hasReturning}: DML with a top-level WHERE, LIMIT (MySQL
 *       UPDATE/DELETE … LIMIT), RETURNING (PostgreSQL, MariaDB) clause</li>
 *   <li>{@code concurrently}: CREATE/DROP INDEX, REINDEX, REFRESH MATERIALIZED VIEW written with CONCURRENTLY</li>
 * </ul>
 */
public final class SqlStatement {
    private final String text;
    private final int start;
    private final Dialect dialect;
    private final StatementKind kind;
    private final DdlKind ddlKind;
    private final DmlKind dmlKind;
    private final TransactionKind transactionKind;
    private final QualifiedName target;
    private final QualifiedName index;
    private final boolean hasWhere;
    private final boolean hasLimit;
    private final boolean hasReturning;
    private final boolean concurrently;
    /** The classifier's tokens, kept for the statements rules and the batcher read; else null (lexed on demand). */
    private final SqlCursor tokens;
    /**
     * The shapes parsers read from this statement (see {@link #shape}), newest first. A benign race: two
     * threads may both parse and store, and one store may be lost; the parse is deterministic and the nodes
     * are immutable, so whatever a thread reads is right.
     */
    private Memo memo;

    /** A few parsers ask about one statement (an ALTER TABLE's actions, then one rule's view of them). */
    private static final int MAX_MEMOS = 4;

    private record Memo(Object parser, Object shape, Memo next, int depth) {
    }

    public SqlStatement(String text, int start, Dialect dialect, StatementKind kind, DdlKind ddlKind, DmlKind dmlKind,
                        TransactionKind transactionKind, QualifiedName target, QualifiedName index, boolean hasWhere,
                        boolean hasLimit, boolean hasReturning, boolean concurrently, SqlCursor tokens) {
        this.text = text;
        this.start = start;
        this.dialect = dialect;
        this.kind = kind;
        this.ddlKind = ddlKind;
        this.dmlKind = dmlKind;
        this.transactionKind = transactionKind;
        this.target = target;
        this.index = index;
        this.hasWhere = hasWhere;
        this.hasLimit = hasLimit;
        this.hasReturning = hasReturning;
        this.concurrently = concurrently;
        this.tokens = tokens;
    }

    public String text() {
        return text;
    }

    public int start() {
        return start;
    }

    public Dialect dialect() {
        return dialect;
    }

    public StatementKind kind() {
        return kind;
    }

    public DdlKind ddlKind() {
        return ddlKind;
    }

    public DmlKind dmlKind() {
        return dmlKind;
    }

    public TransactionKind transactionKind() {
        return transactionKind;
    }

    public QualifiedName target() {
        return target;
    }

    public QualifiedName index() {
        return index;
    }

    public boolean hasWhere() {
        return hasWhere;
    }

    public boolean hasLimit() {
        return hasLimit;
    }

    public boolean hasReturning() {
        return hasReturning;
    }

    public boolean concurrently() {
        return concurrently;
    }

    public boolean isDdl() {
        return kind == StatementKind.DDL;
    }

    /** True when executing this statement may hand rows back to the caller. */
    public boolean returnsRows() {
        return kind == StatementKind.QUERY || hasReturning || kind == StatementKind.OTHER;
    }

    /**
     * The statement's tokens: the classifier's own for DDL and row-changing DML, so rules, the batcher and
     * {@code plan} never lex it again; for other statements (never read by them on the driver's path) lexed now.
     */
    public SqlCursor tokens() {
        return tokens != null ? tokens : SqlCursor.over(text, dialect);
    }

    /**
     * The shape {@code parser} reads from this statement, parsed once and remembered: the policy checks and
     * rewrite rules that all look at one ALTER TABLE share one parse. {@code parser} must be a constant (a
     * static final function) and return an immutable value or {@code null} (not that shape).
     */
    @SuppressWarnings("unchecked")
    public <T> T shape(Function<SqlStatement, T> parser) {
        Memo head = memo;
        for (Memo m = head; m != null; m = m.next) {
            if (m.parser == parser) {
                return (T) m.shape;
            }
        }
        T shape = parser.apply(this);
        memo = head == null || head.depth >= MAX_MEMOS ? new Memo(parser, shape, null, 1)
                : new Memo(parser, shape, head, head.depth + 1);
        return shape;
    }

    @Override
    public String toString() {
        return "SqlStatement[" + kind + (ddlKind != null ? " " + ddlKind : "") + (dmlKind != null ? " " + dmlKind : "")
                + (target != null ? " on " + target : "") + ": " + text + "]";
    }
}
