package dev.safemigrate.execution.onlinecopy;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.execution.Attempts;
import dev.safemigrate.execution.batch.BatchSizer;
import dev.safemigrate.execution.batch.Key;
import dev.safemigrate.execution.batch.StandardThrottle;
import dev.safemigrate.execution.batch.Throttle;
import dev.safemigrate.execution.onlinecopy.CopyJournal.Entry;
import dev.safemigrate.execution.onlinecopy.CopyJournal.Phase;
import dev.safemigrate.execution.onlinecopy.CopyTables.ChunkKey;
import dev.safemigrate.execution.onlinecopy.CopyTables.Column;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.OnlineCopyRequest;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.mysql.OnlineDdlRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one online table copy (see the package documentation) on the driver's own connection, phase by phase,
 * each phase recorded in the {@link CopyJournal} before it starts:
 * <ol>
 *   <li>PREPARING: {@code CREATE TABLE _t_new LIKE t}, the user's ALTER actions applied to it (empty: instant),
 *       the columns checked (every column of {@code t} is in the shadow or dropped by the statement), the three
 *       triggers created under the lock timeout, with retry;</li>
 *   <li>COPYING: key-range chunks, each with its journal update in one transaction;</li>
 *   <li>COMPARING: the two tables compared chunk by chunk; any difference drops the shadow and its triggers and
 *       fails (nothing swapped);</li>
 *   <li>SWAPPING: {@code RENAME TABLE t TO _t_old, _t_new TO t} under the lock timeout, with retry; then the
 *       triggers are dropped, the journal row removed and {@code _t_old} kept or dropped.</li>
 * </ol>
 * Sending the same statement again after a crash resumes at the phase (and chunk) recorded. Two sessions never
 * copy the same table at once (a {@code GET_LOCK} named after it).
 */
public final class OnlineTableCopy {
    private static final Logger log = LoggerFactory.getLogger(OnlineDdlRule.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String INTERRUPTED = "Interrupted during the online copy";

    /** Runs one DDL statement the driver wrote, under the lock timeout with pre-wait and retry. */
    @FunctionalInterface
    public interface DdlRunner {
        void run(String sql) throws SQLException;
    }

    private final Connection raw;
    private final DatabaseSupport support;
    private final Settings settings;
    private final DriverMetrics metrics;
    private final DdlRunner ddl;
    private final Attempts attempts;
    private final CopyJournal journal;

    public OnlineTableCopy(Connection raw, DatabaseSupport support, Settings settings, DriverMetrics metrics,
                           DdlRunner ddl) {
        this.raw = raw;
        this.support = support;
        this.settings = settings;
        this.metrics = metrics;
        this.ddl = ddl;
        this.attempts = new Attempts(support, settings, metrics);
        this.journal = new CopyJournal(settings.onlineCopyJournalTable());
    }

    /**
     * Applies {@code request} to its table by an online copy.
     *
     * @param statement the statement as the caller sent it (its hash identifies the copy in the journal)
     */
    public void run(OnlineCopyRequest request, String statement) throws SQLException {
        boolean autocommit = raw.getAutoCommit();
        if (!autocommit) {
            raw.commit(); // the ALTER as written would have committed the open transaction too
            raw.setAutoCommit(true);
        }
        try {
            String schema = request.table().schema() != null ? request.table().schema() : currentDatabase();
            CopyNames names = CopyNames.of(schema, request.table().name());
            journal.prepare(raw);
            String lock = "safemigrate_online_copy_" + CopyJournal.hash(schema + "." + names.table()).substring(0, 32);
            if (!getLock(lock)) {
                throw refused(statement, "another session is running an online copy of " + names.q(names.table())
                        + " right now", "wait for it to finish");
            }
            try {
                runLocked(request, statement, names);
            } finally {
                releaseLock(lock);
            }
        } finally {
            if (!autocommit) {
                raw.setAutoCommit(false);
            }
        }
    }

    /** True when the journal holds an unfinished online copy of this very statement (a re-run after a crash). */
    public boolean unfinished(OnlineCopyRequest request, String statement) throws SQLException {
        String schema = request.table().schema() != null ? request.table().schema() : currentDatabase();
        if (!journal.exists(raw)) {
            return false;
        }
        Entry entry = journal.find(raw, CopyNames.of(schema, request.table().name()));
        return entry != null && entry.statementHash().equals(CopyJournal.hash(statement));
    }

    private void runLocked(OnlineCopyRequest request, String statement, CopyNames names) throws SQLException {
        String text = LogText.shorten(statement.strip());
        Entry entry = journal.find(raw, names);
        if (entry != null && !entry.statementHash().equals(CopyJournal.hash(statement))) {
            throw refused(statement, "an online copy of another statement on " + names.q(names.table())
                    + " is unfinished (its row in " + journal.table() + ")", "send that statement again to finish it,"
                    + " or remove what it left: " + cleanupSql(names));
        }
        if (entry == null) {
            preflight(request, statement, names);
            journal.start(raw, names, statement);
            entry = journal.find(raw, names);
            log.info("[online-copy] copying {} online into {}: {}", names.q(names.table()), names.q(names.shadow()),
                    text);
        } else {
            log.info("[online-copy] resuming the online copy of {} in phase {} ({} rows copied): {}",
                    names.q(names.table()), entry.phase(), entry.rows(), text);
        }
        if (entry.phase() == Phase.SWAPPING && swapped(names)) {
            finish(names, text);
            return;
        }
        CopySql sql;
        if (entry.phase() == Phase.PREPARING) {
            sql = prepare(request, statement, names);
            entry = journal.find(raw, names);
        } else {
            requireLeftovers(statement, names);
            sql = plan(request, statement, names);
        }
        if (entry.phase() == Phase.COPYING) {
            copy(sql, entry, statement, names);
            journal.phase(raw, names, Phase.COMPARING);
            entry = journal.find(raw, names);
        }
        if (entry.phase() == Phase.COMPARING) {
            compare(sql, statement, names);
            analyze(sql);
            journal.phase(raw, names, Phase.SWAPPING);
        }
        long start = System.nanoTime();
        ddl.run(sql.swap());
        log.info("[online-copy] swapped {} in ({} ms for the RENAME TABLE)", names.q(names.table()),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        finish(names, text);
    }

    // ---- checks before anything is created

    private void preflight(OnlineCopyRequest request, String statement, CopyNames names) throws SQLException {
        String s = names.schema();
        String t = names.table();
        ChunkKey key = CopyTables.chunkKey(raw, s, t);
        if (key == null) {
            throw refused(statement, "the table has no primary key and no unique key over NOT NULL columns, so its"
                    + " rows cannot be copied in chunks nor matched by the triggers", "add a primary key first");
        }
        List<String> binary = CopyTables.binaryColumns(raw, s, t, key.columns());
        if (!binary.isEmpty()) {
            throw refused(statement, "its key column(s) " + binary + " are binary", "use a tool such as gh-ost");
        }
        List<String> triggers = CopyTables.triggers(raw, s, t);
        if (!triggers.isEmpty()) {
            throw refused(statement, "the table has triggers " + triggers + ", which would stay on the old copy after"
                    + " the swap", "drop them, copy, and create them again on the new table");
        }
        List<String> referencing = CopyTables.referencingForeignKeys(raw, s, t);
        if (!referencing.isEmpty()) {
            throw refused(statement, "foreign keys " + referencing + " reference the table; after the swap they would"
                    + " still reference the old copy (MySQL and MariaDB move a foreign key with the table it references)",
                    "drop those foreign keys, run the change, and add them again (with foreign_key_checks = 0 they are"
                            + " added in place)");
        }
        List<String> own = CopyTables.foreignKeys(raw, s, t);
        if (!own.isEmpty()) {
            throw refused(statement, "the table has foreign keys " + own + ", which CREATE TABLE … LIKE does not copy to"
                    + " the shadow table, so the new table would silently lack them", "drop them first and add them"
                    + " again after the change (with foreign_key_checks = 0 they are added in place)");
        }
        for (String existing : List.of(names.shadow(), names.old())) {
            if (CopyTables.tableExists(raw, s, existing)) {
                throw refused(statement, "a table " + names.q(existing) + " already exists"
                        + (existing.equals(names.old()) ? " (the original kept by an earlier online copy)" : ""),
                        "drop or rename it first");
            }
        }
    }

    // ---- PREPARING

    private CopySql prepare(OnlineCopyRequest request, String statement, CopyNames names) throws SQLException {
        removeLeftovers(names); // a run that crashed while preparing
        CopySql draft = new CopySql(names, List.of(), List.of("x"), "PRIMARY", Set.of());
        ddl.run(draft.createShadow());
        try {
            ddl.run(draft.alterShadow(request.actions()));
        } catch (SQLException e) {
            abandon(names);
            throw new SQLException("safemigrate: the online copy applied the statement's changes to the empty shadow"
                    + " table " + names.q(names.shadow()) + " and the server refused them: " + e.getMessage()
                    + ". Nothing was changed (the shadow table was dropped). Statement: " + LogText.shorten(statement),
                    e.getSQLState(), e.getErrorCode(), e);
        }
        CopySql sql;
        try {
            sql = plan(request, statement, names);
        } catch (SQLException e) {
            abandon(names);
            throw e;
        }
        for (String trigger : sql.createTriggers()) {
            ddl.run(trigger);
        }
        Key max = readKey(sql.maxKey(), List.of(), sql.key().size());
        journal.copying(raw, names, max == null ? null : max.encode());
        return sql;
    }

    /** The statements from the two tables as they are now; refuses when the copy would lose a column. */
    private CopySql plan(OnlineCopyRequest request, String statement, CopyNames names) throws SQLException {
        String s = names.schema();
        List<Column> source = CopyTables.columns(raw, s, names.table());
        Map<String, Column> shadow = new HashMap<>();
        for (Column c : CopyTables.columns(raw, s, names.shadow())) {
            shadow.put(c.lower(), c);
        }
        List<String> copied = new ArrayList<>();
        Set<String> collation = new HashSet<>();
        List<String> lost = new ArrayList<>();
        for (Column c : source) {
            Column target = shadow.get(c.lower());
            if (c.generated()) {
                continue;
            }
            if (target == null) {
                if (!request.droppedColumns().contains(c.lower())) {
                    lost.add(c.name());
                }
                continue;
            }
            if (target.generated()) {
                continue; // the ALTER made it a generated column: the server computes it
            }
            copied.add(c.name());
            if (c.collation() != null && target.collation() != null && !c.collation().equals(target.collation())) {
                collation.add(c.lower());
            }
        }
        if (!lost.isEmpty()) {
            throw refused(statement, "the new table would lack column(s) " + lost + " that the statement does not drop"
                    + " (a rename? the copy matches columns by name)", "rename in a statement of its own");
        }
        ChunkKey key = CopyTables.chunkKey(raw, s, names.table());
        if (key == null) {
            throw refused(statement, "the table has no primary key and no unique key over NOT NULL columns",
                    "add a primary key first");
        }
        for (String k : key.columns()) {
            if (!copied.contains(k)) {
                throw refused(statement, "the statement drops or changes the key column " + k + " the copy matches rows"
                        + " by", "change the key in a statement of its own");
            }
        }
        if (!CopyTables.hasIndexLeadingWith(raw, s, names.shadow(), key.columns())) {
            throw refused(statement, "the new table would have no index starting with the key " + key.columns()
                    + ", which every trigger and chunk looks rows up by", "keep an index on " + key.columns());
        }
        return new CopySql(names, copied, key.columns(), key.index(), collation);
    }

    // ---- COPYING

    private void copy(CopySql sql, Entry entry, String statement, CopyNames names) throws SQLException {
        int width = sql.key().size();
        Key max = entry.maxKey() == null ? null : Key.decode(entry.maxKey(), falses(width));
        Key last = entry.lastKey() == null ? null : Key.decode(entry.lastKey(), falses(width));
        if (max == null) {
            return; // the table was empty when the triggers started: they carried every row since
        }
        Throttle throttle = StandardThrottle.create(support, settings.batch(), metrics);
        BatchSizer sizer = new BatchSizer(settings.batch().targetTime().toNanos(), settings.batch().minSize(),
                settings.batch().maxSize());
        long rows = entry.rows();
        long chunks = entry.chunks();
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY_NANOS;
        while (last == null || !last.equals(max)) {
            waitForThrottle(throttle, chunks, rows, started, statement, names);
            Key from = last;
            Key upper = nextUpper(sql, from, max, sizer.size());
            long t0 = System.nanoTime();
            long copied = attempts.run(() -> chunk(sql, names, from, upper), new ChunkAttempt(statement, names, rows));
            sizer.record(System.nanoTime() - t0);
            rows += copied;
            chunks++;
            last = upper;
            long now = System.nanoTime();
            if (now >= nextProgress) {
                nextProgress = now + PROGRESS_EVERY_NANOS;
                log.info("[online-copy] {}: {} chunks, {} rows copied, at key {} of {}, chunk size {}",
                        names.q(names.table()), chunks, rows, last, max, sizer.size());
            }
        }
        log.info("[online-copy] {}: copied {} rows in {} chunks, {} ms", names.q(names.table()), rows, chunks,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Key nextUpper(CopySql sql, Key from, Key max, int size) throws SQLException {
        CopySql.Bound next = sql.nextUpper(from, max, size);
        Key upper = readKey(next.sql(), next.binds(), sql.key().size());
        return upper == null ? max : upper;
    }

    /** One chunk and its journal update, in one transaction; returns the rows inserted. */
    private long chunk(CopySql sql, CopyNames names, Key from, Key upper) throws SQLException {
        CopySql.Bound insert = sql.copyChunk(from, upper);
        raw.setAutoCommit(false);
        try {
            long inserted;
            try (PreparedStatement ps = prepare(insert)) {
                inserted = ps.executeLargeUpdate();
            }
            journal.advance(raw, names, upper.encode(), inserted);
            raw.commit();
            return inserted;
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

    private void waitForThrottle(Throttle throttle, long chunks, long rows, long started, String statement,
                                 CopyNames names) throws SQLException {
        for (;;) {
            Throttle.Decision decision = throttle.beforeBatch(raw, new Throttle.BatchProgress(chunks, rows,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            if (decision.action() == Throttle.Action.ABORT) {
                throw stopped(statement, names, rows, "throttle: " + decision.reason(), "SM002", 0, null);
            }
            if (decision.action() != Throttle.Action.PAUSE) {
                return;
            }
            attempts.sleep(decision.pauseMillis(), INTERRUPTED);
        }
    }

    /** A chunk's attempts: row-lock conflicts with the application are retried; a data error ends the copy. */
    private final class ChunkAttempt implements Attempts.Hooks {
        private final String statement;
        private final CopyNames names;
        private final long rows;

        ChunkAttempt(String statement, CopyNames names, long rows) {
            this.statement = statement;
            this.names = names;
            this.rows = rows;
        }

        @Override
        public SQLException notRetried(SQLException failure) {
            String state = failure.getSQLState() == null ? "" : failure.getSQLState();
            if (state.startsWith("22") || state.startsWith("23")) {
                // A value the new definition rejects (a CHECK, a foreign key, a type that cannot hold it):
                // a re-run would fail the same way, so nothing is left behind.
                try {
                    abandon(names);
                } catch (SQLException e) {
                    failure.addSuppressed(e);
                }
                return new SQLException("safemigrate: the online copy of " + names.q(names.table()) + " stopped: a row"
                        + " does not fit the new definition: " + LogText.serverError(failure) + ". Nothing was changed (the"
                        + " shadow table and its triggers were dropped); fix the rows, then send the statement again."
                        + " Statement: " + LogText.shorten(statement), state, failure.getErrorCode(), failure);
            }
            return stopped(statement, names, rows, "a chunk failed with " + LogText.serverError(failure), failure.getSQLState(),
                    failure.getErrorCode(), failure);
        }

        @Override
        public SQLException exhausted(Attempts.LockFailure failure) {
            SQLException e = failure.cause();
            return stopped(statement, names, rows, "a chunk failed to get its row locks " + failure.attempt()
                    + " times in a row", e.getSQLState(), e.getErrorCode(), e);
        }

        @Override
        public void retrying(Attempts.LockFailure failure, long delayMillis, String note) {
            log.warn("[online-copy] a chunk of {} could not get its row locks ({}); retrying in {} ms",
                    names.q(names.table()), failure.cause().getMessage(), delayMillis);
        }

        @Override
        public String interruptedMessage() {
            return INTERRUPTED;
        }
    }

    // ---- COMPARING

    /** Both tables chunk by chunk up to the largest key now; any difference abandons the copy. */
    private void compare(CopySql sql, String statement, CopyNames names) throws SQLException {
        int width = sql.key().size();
        Key max = readKey(sql.maxKey(), List.of(), width);
        long started = System.nanoTime();
        long rows = 0;
        if (max != null) {
            Throttle throttle = StandardThrottle.create(support, settings.batch(), metrics);
            BatchSizer sizer = new BatchSizer(settings.batch().targetTime().toNanos(), settings.batch().minSize(),
                    settings.batch().maxSize());
            Key last = null;
            long chunks = 0;
            while (last == null || !last.equals(max)) {
                waitForThrottle(throttle, chunks, rows, started, statement, names);
                Key upper = nextUpper(sql, last, max, sizer.size());
                long t0 = System.nanoTime();
                long[] counts = counts(sql.compareChunk(last, upper));
                sizer.record(System.nanoTime() - t0);
                if (counts[0] != counts[1] || counts[0] != counts[2]) {
                    abandon(names);
                    throw new SQLException("safemigrate: the online copy of " + names.q(names.table()) + " found the"
                            + " copy different from the original for keys " + (last == null ? "from the start" : "after "
                            + last) + " up to " + upper + ": " + counts[0] + " rows in the original, " + counts[1]
                            + " in the copy, " + counts[2] + " equal in both (a new unique key over duplicate values,"
                            + " or a conversion that changes values?). Nothing was swapped: the shadow table and its"
                            + " triggers were dropped, the table is as it was. Statement: " + LogText.shorten(statement),
                            "SM003");
                }
                rows += counts[0];
                chunks++;
                last = upper;
            }
        }
        // rows whose key is beyond the compared range (inserted during the comparison) came through the triggers
        log.info("[online-copy] {}: compared {} rows, equal, {} ms", names.q(names.table()), rows,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * The shadow's statistics, before it becomes the table: InnoDB's row estimate of a freshly filled table can
     * read near zero, and the driver's own size checks (rewrite.minRows, batch.minRows) and the optimizer use it.
     * Done on the shadow, which only the triggers write to, not on the live table after the swap.
     */
    private void analyze(CopySql sql) throws SQLException {
        try (Statement st = raw.createStatement()) {
            st.execute(sql.analyzeShadow());
        }
    }

    private long[] counts(CopySql.Bound compare) throws SQLException {
        try (PreparedStatement ps = prepare(compare); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    // ---- SWAPPING and the end

    /** After a crash right after the RENAME: the shadow is gone and the original sits under its old name. */
    private boolean swapped(CopyNames names) throws SQLException {
        return !CopyTables.tableExists(raw, names.schema(), names.shadow())
                && CopyTables.tableExists(raw, names.schema(), names.old());
    }

    private void finish(CopyNames names, String text) throws SQLException {
        CopySql sql = new CopySql(names, List.of(), List.of("x"), "PRIMARY", Set.of());
        for (String trigger : names.triggers()) {
            ddl.run(sql.dropTrigger(trigger)); // they moved with the original to _t_old
        }
        journal.remove(raw, names);
        if (settings.onlineCopyDropsOldTable()) {
            ddl.run(sql.dropTable(names.old()));
            log.info("[online-copy] {} done; the original was dropped (safemigrate.onlineCopy.oldTable=drop): {}",
                    names.q(names.table()), text);
        } else {
            log.info("[online-copy] {} done; the original is kept as {} (drop it once you are sure; or set"
                    + " safemigrate.onlineCopy.oldTable=drop): {}", names.q(names.table()), names.q(names.old()), text);
        }
    }

    /** A resumed copy needs what the first run built: the shadow table and the three triggers. */
    private void requireLeftovers(String statement, CopyNames names) throws SQLException {
        boolean shadow = CopyTables.tableExists(raw, names.schema(), names.shadow());
        boolean triggers = true;
        for (String trigger : names.triggers()) {
            triggers &= CopyTables.triggerExists(raw, names.schema(), trigger);
        }
        if (!shadow || !triggers) {
            // Someone removed part of it: without the triggers the shadow may have missed writes.
            abandon(names);
            throw new SQLException("safemigrate: the unfinished online copy of " + names.q(names.table()) + " lacks its "
                    + (shadow ? "triggers" : "shadow table") + ", so the copy cannot be trusted; what was left has been"
                    + " removed. Send the statement again to start over. Statement: " + LogText.shorten(statement),
                    "55000");
        }
    }

    /** Drops what a crashed PREPARING left, triggers first (so no writer fails on a missing shadow). */
    private void removeLeftovers(CopyNames names) throws SQLException {
        CopySql sql = new CopySql(names, List.of(), List.of("x"), "PRIMARY", Set.of());
        for (String trigger : names.triggers()) {
            if (CopyTables.triggerExists(raw, names.schema(), trigger)) {
                ddl.run(sql.dropTrigger(trigger));
            }
        }
        if (CopyTables.tableExists(raw, names.schema(), names.shadow())) {
            ddl.run(sql.dropTable(names.shadow()));
        }
    }

    /** Gives the copy up: triggers, shadow and journal row removed; the original untouched. */
    private void abandon(CopyNames names) throws SQLException {
        removeLeftovers(names);
        journal.remove(raw, names);
    }

    private String cleanupSql(CopyNames names) {
        StringBuilder b = new StringBuilder();
        for (String trigger : names.triggers()) {
            b.append("DROP TRIGGER IF EXISTS ").append(names.q(trigger)).append("; ");
        }
        return b.append("DROP TABLE IF EXISTS ").append(names.q(names.shadow())).append("; ")
                .append(journal.removeSql(names)).toString();
    }

    private SQLException stopped(String statement, CopyNames names, long rows, String why, String sqlState, int code,
                                 Throwable cause) {
        return new SQLException("safemigrate: the online copy of " + names.q(names.table()) + " stopped after " + rows
                + " rows copied: " + why + ". Nothing was swapped; the triggers keep " + names.q(names.shadow())
                + " current meanwhile. Send the same statement again to resume where it stopped (recorded in "
                + journal.table() + "), or give it up: " + cleanupSql(names) + ". Statement: "
                + LogText.shorten(statement), sqlState, code, cause);
    }

    private static PolicyViolationException refused(String statement, String why, String what) {
        return new PolicyViolationException("safemigrate refused " + LogText.shorten(statement.strip()) + " — nothing"
                + " was changed. [" + OnlineDdlRule.COPYING_ALTER + "] the online table copy cannot do it safely: "
                + why + ". What to do: " + what + ".", OnlineDdlRule.COPYING_ALTER);
    }

    // ---- JDBC helpers

    private PreparedStatement prepare(CopySql.Bound bound) throws SQLException {
        PreparedStatement ps = raw.prepareStatement(bound.sql());
        int i = 1;
        for (String value : bound.binds()) {
            ps.setString(i++, value);
        }
        return ps;
    }

    private Key readKey(String sql, List<String> binds, int width) throws SQLException {
        try (PreparedStatement ps = prepare(new CopySql.Bound(sql, binds)); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                values.add(rs.getString(i));
            }
            return new Key(values, falses(width));
        }
    }

    private static List<Boolean> falses(int n) {
        return Collections.nCopies(n, Boolean.FALSE);
    }

    private String currentDatabase() throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            String db = rs.getString(1);
            if (db == null) {
                throw new SQLException("safemigrate: the online copy needs the table's database: name it"
                        + " (ALTER TABLE db.t …) or connect to one", "3D000");
            }
            return db;
        }
    }

    private boolean getLock(String name) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    private void releaseLock(String name) {
        try (PreparedStatement ps = raw.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        } catch (SQLException e) {
            log.debug("Could not release the online copy's lock: {}", e.getMessage());
        }
    }
}
