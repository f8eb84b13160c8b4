package dev.safemigrate.jdbc;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.SideConnections;
import dev.safemigrate.execution.DdlExecutor;
import dev.safemigrate.execution.PlanRunner;
import dev.safemigrate.execution.Rewriter;
import dev.safemigrate.execution.SqlCall;
import dev.safemigrate.execution.batch.BatchExecutor;
import dev.safemigrate.execution.TransactionState;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.ClassificationCache;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.StatementKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * The connection users get from {@code jdbc:safemigrate:} URLs. It hands out wrapped statements,
 * follows the transaction state, and is where every statement is routed: DDL to the
 * {@link DdlExecutor}, everything else straight to the real driver.
 */
final class SafeConnection extends DelegatingConnection {
    private static final Logger log = LoggerFactory.getLogger(SafeConnection.class);

    private final String userUrl;
    private final Settings settings;
    /** {@code safemigrate.dryRun}: log what would be done, send everything as written. */
    private final boolean dryRun;
    private final ClassificationCache classifier;
    private final DriverMetrics metrics;
    private final TransactionState transaction;
    private final DdlExecutor ddl;
    private final Rewriter rewriter;
    private final BatchExecutor batcher;
    /** Set when a rewrite plan ran the last statement: it was committed on its own, not part of a transaction. */
    private boolean lastStatementRewritten;
    /** The update count of the last statement a rewrite plan ran (MySQL reports rows for a table copy). */
    private long rewrittenRows;

    private final DatabaseSupport support;

    SafeConnection(Connection real, String userUrl, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                   SideConnections side) throws SQLException {
        super(real);
        this.userUrl = userUrl;
        this.settings = settings;
        this.dryRun = settings.dryRun();
        this.support = support;
        this.classifier = ClassificationCache.shared(support.dialect(), settings.cacheSize());
        this.metrics = metrics;
        this.transaction = new TransactionState(real.getAutoCommit(), settings.journalLimit());
        this.ddl = new DdlExecutor(real, support, settings, metrics, transaction);
        this.batcher = new BatchExecutor(real, support, settings, metrics, transaction);
        PlanRunner runner = new PlanRunner(real, support, settings, metrics, transaction, ddl, classifier::parse, side,
                batcher::tryBatchInAutocommit);
        this.rewriter = new Rewriter(support.rules(), support.newCatalog(real, settings), settings, transaction, runner);
        support.sessionOpened(real);
    }

    /**
     * Runs a large UPDATE/DELETE/INSERT … SELECT in batches when it qualifies.
     *
     * @return rows changed, or -1 when it was not batched (the caller runs it as written)
     */
    long tryBatch(ParsedSql parsed) throws SQLException {
        long rows = batcher.tryBatch(parsed);
        if (rows >= 0) {
            // Its batches committed on their own: nothing of it belongs to the caller's transaction.
            lastStatementRewritten = true;
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        support.sessionClosed(connection);
        connection.close();
    }

    // ---- routing, used by the statement wrappers -------------------------------------------

    ParsedSql parse(String sql) {
        return classifier.parse(sql);
    }

    /**
     * Runs a string containing DDL: its safe form when a rule has one, else as written under the lock
     * timeout, with retry.
     *
     * @param noResult what the caller's method returns when the statement was replaced by a plan (its
     *     steps ran on statements of our own): {@code false} for {@code execute}, {@code 0} for
     *     {@code executeUpdate}; {@code null} where a rewrite cannot stand in for the call (result sets,
     *     generated keys, prepared statements): the statement then runs as written
     */
    @SuppressWarnings("unchecked") // T is the caller's method's own type: Boolean, Integer or Long
    <T> T runDdl(ParsedSql parsed, SqlCall<T> call, T noResult) throws SQLException {
        try {
            if (dryRun) {
                log.info("Dry run: {}: {}", rewriter.describe(parsed), LogText.shorten(parsed.sql()));
                return call.call();
            }
            if (noResult != null && rewriter.tryRewrite(parsed)) {
                lastStatementRewritten = true;
                rewrittenRows = rewriter.rowsAffected();
                return noResult instanceof Integer ? (T) Integer.valueOf((int) Math.min(rewrittenRows, Integer.MAX_VALUE))
                        : noResult instanceof Long ? (T) Long.valueOf(rewrittenRows) : noResult;
            }
            return ddl.execute(parsed, call);
        } finally {
            rewriter.schemaChanged();
            batcher.schemaChanged();
        }
    }

    /** Runs a batch containing DDL under the lock timeout, once (see docs/rules.md, "Not retried"). */
    <T> T runDdlBatch(ParsedSql parsed, SqlCall<T> call) throws SQLException {
        try {
            if (dryRun) {
                log.info("Dry run: would run this batch under lock timeout {} ms, once: {}",
                        settings.lockTimeout().toMillis(), LogText.shorten(parsed.sql()));
                return call.call();
            }
            return ddl.executeWithoutRetry(parsed, call);
        } finally {
            rewriter.schemaChanged();
            batcher.schemaChanged();
        }
    }

    /** The update count of the statement the last rewrite plan ran; meaningful while {@link #lastStatementRewritten()}. */
    long rewrittenRows() {
        return rewrittenRows;
    }

    /** Whether a rewrite plan (or the batching) ran the last statement, on statements of our own; cleared by {@link #afterStatement}. */
    boolean lastStatementRewritten() {
        return lastStatementRewritten;
    }

    /** After a statement sent as SQL text succeeded: count it, follow the transaction. */
    void afterStatement(ParsedSql parsed, boolean escapeProcessing) {
        metrics.statement(parsed.kind());
        if (lastStatementRewritten) {
            // Its safe form ran outside the transaction (or already journaled nothing to replay).
            lastStatementRewritten = false;
            return;
        }
        if (parsed.containsTransactionControl() || transaction.inTransaction()) {
            transaction.afterStatement(parsed, escapeProcessing);
        }
    }

    /**
     * After a prepared or callable statement succeeded. Bind values are never kept, so inside a
     * transaction only statements that cannot have any (DDL, SET, transaction commands) are journaled.
     */
    void afterPrepared(ParsedSql parsed, boolean returnsGeneratedKeys) {
        metrics.statement(parsed.kind());
        transaction.countStatement();
        if (parsed.containsTransactionControl() || transaction.inTransaction()) {
            StatementKind kind = parsed.kind();
            if (!returnsGeneratedKeys && (kind == StatementKind.DDL || kind == StatementKind.SET
                    || kind == StatementKind.TRANSACTION || kind == StatementKind.EMPTY)) {
                transaction.afterStatement(parsed, true);
            } else {
                transaction.journal().markNotReplayable("the transaction ran a prepared statement (bind values are"
                        + " never kept, so it cannot be replayed)");
            }
        }
    }

    /** The caller asked for generated keys or read rows we cannot reproduce: no replay for this transaction. */
    void notReplayable(String reason) {
        if (transaction.inTransaction()) {
            transaction.journal().markNotReplayable(reason);
        }
    }

    // ---- statements --------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return new SafeStatement(this, connection.createStatement());
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new SafeStatement(this, connection.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return new SafeStatement(this, connection.createStatement(resultSetType, resultSetConcurrency,
                resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new SafePreparedStatement(this, connection.prepareStatement(sql), parse(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new SafePreparedStatement(this, connection.prepareStatement(sql, resultSetType, resultSetConcurrency),
                parse(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return new SafePreparedStatement(this, connection.prepareStatement(sql, resultSetType, resultSetConcurrency,
                resultSetHoldability), parse(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        SafePreparedStatement ps = new SafePreparedStatement(this, connection.prepareStatement(sql, autoGeneratedKeys),
                parse(sql));
        ps.returnsGeneratedKeys = autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS;
        return ps;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        SafePreparedStatement ps = new SafePreparedStatement(this, connection.prepareStatement(sql, columnIndexes),
                parse(sql));
        ps.returnsGeneratedKeys = true;
        return ps;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        SafePreparedStatement ps = new SafePreparedStatement(this, connection.prepareStatement(sql, columnNames),
                parse(sql));
        ps.returnsGeneratedKeys = true;
        return ps;
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new SafeCallableStatement(this, connection.prepareCall(sql), parse(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return new SafeCallableStatement(this, connection.prepareCall(sql, resultSetType, resultSetConcurrency),
                parse(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return new SafeCallableStatement(this, connection.prepareCall(sql, resultSetType, resultSetConcurrency,
                resultSetHoldability), parse(sql));
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new SafeDatabaseMetaData(connection.getMetaData(), this, userUrl);
    }

    // ---- transaction state -------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        connection.setAutoCommit(autoCommit);
        transaction.autoCommitSet(autoCommit);
    }

    @Override
    public void commit() throws SQLException {
        connection.commit();
        transaction.transactionEnded();
    }

    @Override
    public void rollback() throws SQLException {
        connection.rollback();
        transaction.transactionEnded();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        connection.rollback(savepoint);
        notReplayable("the transaction rolled back to a savepoint");
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        notReplayable("the transaction set a savepoint");
        return savepoint;
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        Savepoint savepoint = connection.setSavepoint(name);
        notReplayable("the transaction set a savepoint");
        return savepoint;
    }
}
