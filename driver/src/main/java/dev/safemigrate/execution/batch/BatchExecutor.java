package dev.safemigrate.execution.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.safemigrate.config.BatchSettings;
import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.execution.Attempts;
import dev.safemigrate.execution.TransactionSplit;
import dev.safemigrate.execution.TransactionState;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.ParsedSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a large UPDATE, DELETE or INSERT … SELECT as keyset batches over the primary key: each batch is
 * the statement with its WHERE ANDed with a key range, in a short transaction of its own that also
 * advances the {@link BatchJournal}. Each row is changed exactly once, whatever the SET clause does;
 * rows inserted beyond the largest key seen at the start are not chased. The caller gets the exact
 * total count, as if one statement had run.
 *
 * <p>One per connection, used from the thread that uses the connection.
 */
public final class BatchExecutor {
    private static final Logger log = LoggerFactory.getLogger(BatchExecutor.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String INTERRUPTED = "Interrupted between batches";

    private final Connection raw;
    private final DatabaseSupport support;
    private final BatchSupport batch;
    private final Settings settings;
    private final DriverMetrics metrics;
    private final TransactionState transaction;
    private final Dialect dialect;
    /** Batch retries and throttle pauses; a pause of 0 ms is no pause, even for an interrupted thread. */
    private final Attempts attempts;
    /**
     * Table-level facts (row estimate, primary key, why its key or triggers prevent batching), so that
     * an application sending many UPDATEs as plain text pays for them once a minute, not per statement.
     * Cleared when the driver runs DDL.
     */
    private final Cache<String, TableFacts> tables = Caffeine.newBuilder().maximumSize(128)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /** @param refusal why the table's key or triggers prevent batching, or null */
    private record TableFacts(long rows, List<String> key, String refusal) {
    }

    public BatchExecutor(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                         TransactionState transaction) {
        this.raw = raw;
        this.support = support;
        this.batch = support.batchSupport();
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.dialect = support.dialect();
        this.attempts = new Attempts(support, settings, metrics).sleepingWith(millis -> {
            if (millis > 0) {
                Thread.sleep(millis);
            }
        });
    }

    /**
     * Runs the statement in batches when it qualifies.
     *
     * @return the total number of rows changed, or -1 when it was not batched (the caller runs it as written)
     */
    public long tryBatch(ParsedSql parsed) throws SQLException {
        return tryBatch(parsed, true);
    }

    /**
     * For a rewrite plan's backfill step, which runs after the plan left any transaction (split) or
     * outside one: batches without asking the transaction policy again.
     */
    public long tryBatchInAutocommit(ParsedSql parsed) throws SQLException {
        return tryBatch(parsed, false);
    }

    private long tryBatch(ParsedSql parsed, boolean policyApplies) throws SQLException {
        BatchSettings bs = settings.batch();
        if (!bs.enabled()) {
            return -1;
        }
        String sql = parsed.first().text();
        boolean asked = Comments.hasDirective(sql, dialect, "batch");
        BulkStatement.Analysis analysis = BulkStatement.analyze(parsed.first());
        BulkStatement s = analysis.statement();
        if (s == null) {
            if (asked) {
                log.info("Not batched ({}): {}", analysis.reason(), LogText.shorten(sql));
            }
            return -1;
        }
        TableFacts facts = tableFacts(s);
        if (!asked && facts.rows() < bs.minRows()) {
            return -1; // small table: not worth a plan lookup
        }
        List<String> key = facts.key();
        String refusal = facts.refusal() != null ? facts.refusal() : refusalByShape(s, key);
        if (refusal != null) {
            log.info("Not batched ({}): {}", refusal, LogText.shorten(sql));
            return -1;
        }
        long estimate = rowEstimate(s, sql, facts);
        if (!asked && estimate < bs.minRows()) {
            return -1;
        }
        if (settings.dryRun()) {
            log.info("Dry run: would run it in keyset batches over ({}), about {} rows{}: {}", String.join(", ", key),
                    estimate, policyApplies && transaction.inTransaction() ? " (it was sent inside a transaction:"
                            + " safemigrate.transactionPolicy=" + settings.transactionPolicy().name().toLowerCase(
                            java.util.Locale.ROOT) + " applies)" : "", LogText.shorten(sql));
            return -1;
        }
        if (!policyApplies || !transaction.inTransaction()) {
            return run(s, key, sql, estimate);
        }
        switch (settings.transactionPolicy()) {
            case KEEP:
                log.info("Not batched: safemigrate.transactionPolicy=keep runs it inside the transaction: {}",
                        LogText.shorten(sql));
                return -1;
            case FAIL:
                throw new SQLException("safemigrate: " + LogText.shorten(sql) + " touches many rows and would run in"
                        + " batches, each in a short transaction of its own, but it was sent inside a transaction and"
                        + " safemigrate.transactionPolicy=fail. Run it outside a transaction, or set"
                        + " safemigrate.transactionPolicy=split or keep.", "25001");
            default:
                return TransactionSplit.outside(raw, transaction, "batch", "it in batches", LogText.shorten(sql),
                        () -> run(s, key, sql, estimate));
        }
    }

    /** Why the statement cannot be batched, or null when it can. */
    /**
     * The planner's estimate of the rows the statement touches; the table's size instead when the
     * condition uses a column the planner has no statistics for (typically one this migration just
     * added): that estimate is a default guess, and batching never changes the result, so assume the worst.
     */
    private long rowEstimate(BulkStatement s, String sql, TableFacts facts) throws SQLException {
        long estimate = batch.estimateRows(raw, sql);
        if (estimate < settings.batch().minRows() && batch.statisticsMissing(raw, s.keyTable(), s.conditionNames())) {
            log.debug("Row estimate {} ignored: no statistics for a column of the condition", estimate);
            return facts.rows();
        }
        return estimate;
    }

    /** The driver ran DDL: table facts may have changed. */
    public void schemaChanged() {
        tables.invalidateAll();
    }

    private TableFacts tableFacts(BulkStatement s) throws SQLException {
        String cacheKey = s.keyTable().sql() + "\u0000" + s.target().sql();
        TableFacts cached = tables.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        long rows = batch.tableRows(raw, s.keyTable());
        List<String> key = batch.primaryKey(raw, s.keyTable());
        String refusal = key.isEmpty() ? "table " + s.keyTable().sql() + " has no primary key" : keyTypeProblem(s, key);
        if (refusal == null) {
            List<String> triggers = batch.statementTriggers(raw, s.target());
            if (!triggers.isEmpty()) {
                refusal = "table " + s.target().sql() + " has statement-level triggers " + triggers
                        + ", which would fire once per batch";
            }
        }
        TableFacts facts = new TableFacts(rows, List.copyOf(key), refusal);
        tables.put(cacheKey, facts);
        return facts;
    }

    /** Key columns whose values cannot be written back as literals reliably (binary): not batched. */
    private String keyTypeProblem(BulkStatement s, List<String> key) throws SQLException {
        if (key.isEmpty()) {
            return null;
        }
        String columns = String.join(", ", key.stream().map(c -> Identifiers.quote(dialect, c)).toList());
        try (Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + columns + " FROM " + s.keyTable().sql() + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                switch (md.getColumnType(i)) {
                    case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY: case Types.BLOB:
                        return "its primary key column " + md.getColumnName(i) + " is binary";
                    default:
                        break;
                }
            }
        }
        return null;
    }

    /** Why this statement (not its table) cannot be batched, or null. */
    private String refusalByShape(BulkStatement s, List<String> key) throws SQLException {
        for (String column : key) {
            if (s.assignedColumns().contains(column)) {
                return "its SET clause changes the primary key column " + column;
            }
        }
        if (batch.anyAggregate(raw, s.functions())) {
            return "it calls an aggregate or window function, which would be computed per batch";
        }
        return null;
    }


    /** @param estimate the planner's estimate of the rows the statement touches, for the ETA in progress logs */
    private long run(BulkStatement s, List<String> keyColumns, String sql, long estimate) throws SQLException {
        BatchSettings bs = settings.batch();
        BatchJournal journal = new BatchJournal(bs.journalTable(), dialect, batch);
        journal.prepare(raw, bs.journalRetention());
        List<String> quoted = keyColumns.stream().map(c -> Identifiers.quote(dialect, c)).toList();
        List<String> qualified = s.qualified(quoted);
        String keyList = String.join(", ", quoted);
        String id = BatchJournal.id(s.target().sql(), sql);

        List<Boolean> numeric = new ArrayList<>();
        Key max = maxKey(s, quoted, numeric);
        BatchJournal.Entry entry = journal.find(raw, id);
        Key last = null;
        long rows = 0;
        long batchCount = 0;
        if (entry != null && BatchJournal.RUNNING.equals(entry.state())) {
            max = Key.decode(entry.maxKey(), numeric);
            last = entry.lastKey() == null ? null : Key.decode(entry.lastKey(), numeric);
            rows = entry.rows();
            batchCount = entry.batches();
            log.info("Resuming a batched statement after {} batches ({} rows) at key {}: {}", batchCount, rows, last,
                    LogText.shorten(sql));
        } else {
            if (max == null) {
                return 0; // the table is empty: the single statement would change nothing
            }
            journal.start(raw, id, s.target().sql(), sql, max.encode());
        }

        // One per run: it keeps the timers of lag or load above their critical levels.
        Throttle throttle = StandardThrottle.create(support, bs, metrics);
        BatchSizer sizer = new BatchSizer(bs.targetTime().toNanos(), bs.minSize(), bs.maxSize());
        KeyRange.Literals literals = this::literal;
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY_NANOS;
        long rowsAtStart = rows;
        TimeoutScope timeouts = support.applyDdlTimeouts(raw, false, settings);
        metrics.batchingRuns(1);
        try {
            while (last == null || !last.equals(max)) {
                Key from = last;
                Key end = max;
                long rowsBefore = rows;
                long batchesBefore = batchCount;
                BatchAttempt hooks = new BatchAttempt(s, journal, id, rowsBefore, batchesBefore, from);
                Committed committed;
                try {
                    // Each attempt asks the throttle and computes its range again, as a batch after a pause does.
                    committed = attempts.run(() -> {
                        String batchSql;
                        Key upper;
                        try {
                            waitForThrottle(throttle, hooks, started);
                            upper = nextUpper(s, keyList, quoted, from, end, sizer.size(), literals, numeric);
                            String range = (from == null ? "" : KeyRange.after(qualified, from, literals) + " AND ")
                                    + KeyRange.upTo(qualified, upper, literals);
                            batchSql = s.withRange(range);
                        } catch (BatchAbortedException e) {
                            throw e;
                        } catch (SQLException e) {
                            throw hooks.betweenBatches(e);
                        }
                        long batchStart = System.nanoTime();
                        long changed = runBatch(journal, id, batchSql, from, upper);
                        return new Committed(upper, changed, System.nanoTime() - batchStart);
                    }, hooks);
                } catch (BatchAbortedException e) {
                    throw e;
                } catch (SQLException e) {
                    // Interrupted while waiting to retry: nothing half done, say how to resume.
                    throw hooks.betweenBatches(e);
                }
                metrics.batchCommitted(committed.rows(), committed.nanos());
                sizer.record(committed.nanos());
                rows += committed.rows();
                batchCount++;
                last = committed.upper();
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    nextProgress = now + PROGRESS_EVERY_NANOS;
                    double seconds = (now - started) / 1e9;
                    double rate = (rows - rowsAtStart) / seconds;
                    String eta = rate > 0 && estimate > rows ? Math.round((estimate - rows) / rate) + " s" : "unknown";
                    log.info("Batched {}: {} batches, {} rows of ~{}, {} rows/s, ETA {}, at key {} of {}, batch size {}",
                            LogText.shorten(sql), batchCount, rows, estimate, Math.round(rate), eta, last, max,
                            sizer.size());
                }
            }
            finish(s, journal, id, rows, batchCount);
            log.info("Batched {}: done, {} rows in {} batches, {} ms", LogText.shorten(sql), rows, batchCount,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return rows;
        } finally {
            metrics.batchingRuns(-1);
            try {
                timeouts.restore();
            } catch (SQLException e) {
                // e.g. the connection was killed: the error that stopped the batching matters, not this
                log.debug("Could not restore the session's timeouts after batching: {}", e.getMessage());
            }
        }
    }

    /**
     * Marks the run finished once every batch is committed. When that mark fails (the connection was lost), whether
     * it reached the server is unknown, and it decides what sending the statement again does: a finished row means
     * the next run of the same statement starts afresh (it would change every row again), a running row means it
     * resumes, finds nothing left and returns the whole count. So the message tells the caller how to find out.
     */
    private void finish(BulkStatement s, BatchJournal journal, String id, long rows, long batches) throws SQLException {
        try {
            journal.finish(raw, id);
        } catch (SQLException e) {
            throw new BatchAbortedException("safemigrate: every batch of the batched " + s.kind().name().replace('_', ' ')
                    + " on " + s.target().sql() + " is committed (" + rows + " rows changed in " + batches + " batches),"
                    + " but marking the run finished in " + journal.table() + " failed (" + LogText.serverError(e) + "),"
                    + " and whether the mark reached the server is unknown. Look before sending it again: SELECT state"
                    + " FROM " + journal.table() + " WHERE id = '" + id + "'. If it says finished, the statement is done:"
                    + " do not send it again (it would run afresh and change every row again). If it says running, send"
                    + " the same statement again: it finds nothing left to do and returns the whole count.",
                    e.getSQLState(), e.getErrorCode(), rows, e);
        }
    }

    /** One batch and its journal entry, in one transaction. */
    private long runBatch(BatchJournal journal, String id, String batchSql, Key previous, Key upper)
            throws SQLException {
        raw.setAutoCommit(false);
        try (Statement st = raw.createStatement()) {
            long changed = st.executeLargeUpdate(batchSql);
            journal.advance(raw, id, previous == null ? null : previous.encode(), upper.encode(), changed);
            raw.commit();
            return changed;
        } catch (SQLException e) {
            try {
                raw.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            raw.setAutoCommit(true);
        }
    }

    /** The largest key now: the batching stops there (rows inserted later are not chased). Fills {@code numeric}. */
    private Key maxKey(BulkStatement s, List<String> quoted, List<Boolean> numeric) throws SQLException {
        String order = String.join(" DESC, ", quoted) + " DESC";
        String sql = "SELECT " + String.join(", ", quoted) + " FROM " + s.keyTable().sql() + " ORDER BY " + order + " LIMIT 1";
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                numeric.add(isNumeric(md.getColumnType(i)));
            }
            return rs.next() ? read(rs, numeric) : null;
        }
    }

    /** The key {@code size} rows after {@code last} (or {@code max} when fewer are left). */
    private Key nextUpper(BulkStatement s, String keyList, List<String> quoted, Key last, Key max, int size,
                          KeyRange.Literals literals, List<Boolean> numeric) throws SQLException {
        String where = (last == null ? "" : KeyRange.after(quoted, last, literals) + " AND ")
                + KeyRange.upTo(quoted, max, literals);
        String sql = "SELECT " + keyList + " FROM " + s.keyTable().sql() + " WHERE " + where + " ORDER BY " + keyList
                + " LIMIT 1 OFFSET " + (size - 1);
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? read(rs, numeric) : max;
        }
    }

    private static Key read(ResultSet rs, List<Boolean> numeric) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= numeric.size(); i++) {
            values.add(rs.getString(i));
        }
        return new Key(values, numeric);
    }

    private static boolean isNumeric(int type) {
        switch (type) {
            case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
            case Types.NUMERIC: case Types.DECIMAL: case Types.REAL: case Types.FLOAT: case Types.DOUBLE:
                return true;
            default:
                return false;
        }
    }

    private String literal(String value, boolean numeric) throws SQLException {
        return numeric ? value : batch.stringLiteral(raw, value);
    }

    private BatchAbortedException aborted(BulkStatement s, BatchJournal journal, String id, long rows, long batches,
                                          Key last, String why, String sqlState, int code, Throwable cause) {
        return new BatchAbortedException("safemigrate: the batched " + s.kind().name().replace('_', ' ') + " on "
                + s.target().sql() + " stopped after " + batches + " committed batches (" + rows + " rows changed"
                + (last == null ? "" : ", up to key " + last) + "): " + why + ". Every committed batch is recorded in "
                + journal.table() + " (id " + id + "): send the same statement again to resume after the last one;"
                + " no row is changed twice.", sqlState, code, rows, cause);
    }

    /** Asks the throttle before a batch: pauses as long as it says, or stops the run. */
    private void waitForThrottle(Throttle throttle, BatchAttempt batch, long started) throws SQLException {
        for (;;) {
            Throttle.Decision decision = throttle.beforeBatch(raw, new Throttle.BatchProgress(batch.batches, batch.rows,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            if (decision.action() == Throttle.Action.ABORT) {
                throw batch.aborted("throttle: " + decision.reason(), "SM002", 0, null);
            }
            if (decision.action() != Throttle.Action.PAUSE) {
                return;
            }
            attempts.sleep(decision.pauseMillis(), INTERRUPTED);
        }
    }

    /** A batch that committed: its upper key, the rows it changed and how long it took. */
    private record Committed(Key upper, long rows, long nanos) {
    }

    /**
     * One batch's attempts: a lock failure (row locks held by the application) is retried, anything else
     * stops the run with a message that says how far it got and how to resume.
     */
    private final class BatchAttempt implements Attempts.Hooks {
        private final BulkStatement statement;
        private final BatchJournal journal;
        private final String id;
        /** Rows and batches committed before this batch, and the last key they reached. */
        final long rows;
        final long batches;
        private final Key last;

        BatchAttempt(BulkStatement statement, BatchJournal journal, String id, long rows, long batches, Key last) {
            this.statement = statement;
            this.journal = journal;
            this.id = id;
            this.rows = rows;
            this.batches = batches;
            this.last = last;
        }

        @Override
        public void failed(SQLException failure) throws SQLException {
            if (failure instanceof BatchAbortedException) {
                throw failure; // the throttle stopped the run, or a step between batches failed
            }
        }

        @Override
        public SQLException notRetried(SQLException failure) {
            return aborted("a batch failed with " + LogText.serverError(failure), failure.getSQLState(),
                    failure.getErrorCode(), failure);
        }

        @Override
        public SQLException exhausted(Attempts.LockFailure failure) {
            SQLException e = failure.cause();
            return aborted("the batch failed to get its locks " + failure.attempt() + " times in a row",
                    e.getSQLState(), e.getErrorCode(), e);
        }

        @Override
        public void retrying(Attempts.LockFailure failure, long delayMillis, String note) {
            log.warn("Batch {} could not get its row locks ({}); retrying in {} ms", batches + 1,
                    failure.cause().getMessage(), delayMillis);
        }

        @Override
        public String interruptedMessage() {
            return INTERRUPTED;
        }

        /** A failure between batches (boundary query, throttle reading, a wait): nothing half done. */
        BatchAbortedException betweenBatches(SQLException e) {
            return aborted("the batching failed with " + LogText.serverError(e), e.getSQLState(), e.getErrorCode(), e);
        }

        BatchAbortedException aborted(String why, String sqlState, int code, Throwable cause) {
            return BatchExecutor.this.aborted(statement, journal, id, rows, batches, last, why, sqlState, code, cause);
        }
    }
}
