package dev.safemigrate.execution.batch;

import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The driver's own progress table. One row per batched statement, keyed by a hash of its target and
 * text, advanced in the same transaction as each batch: after a crash the row says exactly which
 * batches committed, so sending the statement again resumes after the last one and no row is changed
 * twice. Finished rows are removed after the retention period.
 */
final class BatchJournal {
    static final String RUNNING = "running";
    static final String FINISHED = "finished";

    /** A journal row. */
    record Entry(String id, String state, String maxKey, String lastKey, long rows, long batches) {
    }

    private final String table;
    private final BatchSupport support;

    BatchJournal(String configuredName, Dialect dialect, BatchSupport support) {
        int dot = configuredName.indexOf('.');
        this.table = dot < 0 ? Identifiers.quote(dialect, configuredName)
                : Identifiers.quote(dialect, configuredName.substring(0, dot), configuredName.substring(dot + 1));
        this.support = support;
    }

    /** The quoted table name, for messages. */
    String table() {
        return table;
    }

    /** The journal id of a statement: SHA-256 of its target and text. */
    static String id(String target, String statement) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((target + "\n" + statement).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Creates the table if needed and removes finished rows older than {@code retention}. Autocommit. */
    void prepare(Connection raw, Duration retention) throws SQLException {
        String text = support.textType();
        String ts = support.timestampType();
        try (Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id varchar(64) NOT NULL PRIMARY KEY,"
                    + " target varchar(512) NOT NULL, statement " + text + " NOT NULL, state varchar(16) NOT NULL,"
                    + " max_key " + text + ", last_key " + text + ", rows_done bigint NOT NULL, batches bigint NOT NULL,"
                    + " started_at " + ts + " NOT NULL, updated_at " + ts + " NOT NULL, finished_at " + ts + ")");
        }
        try (PreparedStatement ps = raw.prepareStatement("DELETE FROM " + table + " WHERE state = ? AND finished_at < ?")) {
            ps.setString(1, FINISHED);
            ps.setTimestamp(2, Timestamp.from(Instant.now().minus(retention)));
            ps.executeUpdate();
        }
    }

    Entry find(Connection raw, String id) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT state, max_key, last_key, rows_done, batches FROM "
                + table + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Entry(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)) : null;
            }
        }
    }

    /** A new run: replaces any finished row of the same statement. Autocommit. */
    void start(Connection raw, String id, String target, String statement, String maxKey) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = raw.prepareStatement("INSERT INTO " + table + " (id, target, statement, state,"
                + " max_key, last_key, rows_done, batches, started_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, 0, 0, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, target.length() > 512 ? target.substring(0, 512) : target);
            ps.setString(3, statement);
            ps.setString(4, RUNNING);
            ps.setString(5, maxKey);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
        }
    }

    /**
     * Inside the batch's transaction: the batch after {@code previousKey} up to {@code lastKey} changed
     * {@code rows} rows. Fails (and the batch rolls back) when the row moved on meanwhile: another run of
     * the same statement is working on it, and applying this batch would change rows twice.
     */
    void advance(Connection raw, String id, String previousKey, String lastKey, long rows) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("UPDATE " + table + " SET last_key = ?,"
                + " rows_done = rows_done + ?, batches = batches + 1, updated_at = ?"
                + " WHERE id = ? AND state = ? AND COALESCE(last_key, '') = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, rows);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, id);
            ps.setString(5, RUNNING);
            ps.setString(6, previousKey == null ? "" : previousKey);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("safemigrate: the batch journal row " + id + " in " + table + " moved on or is"
                        + " finished: another run of the same statement is working on it. This batch was rolled back.",
                        "40001");
            }
        }
    }

    void finish(Connection raw, String id) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = raw.prepareStatement("UPDATE " + table + " SET state = ?, finished_at = ?,"
                + " updated_at = ? WHERE id = ?")) {
            ps.setString(1, FINISHED);
            ps.setTimestamp(2, now);
            ps.setTimestamp(3, now);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }
}
