package dev.safemigrate.execution.onlinecopy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The online copy's progress table ({@code safemigrate.onlineCopy.journalTable}): one row per table being
 * copied, with a hash of the statement, the phase reached and the last chunk copied. The chunk and its
 * journal update commit together, so after a crash the row says exactly where to resume. The row is removed
 * when the copy finishes.
 */
final class CopyJournal {
    /** Phases, in order. A row in PREPARING may have left a partial shadow table or triggers: they are rebuilt. */
    enum Phase { PREPARING, COPYING, COMPARING, SWAPPING }

    record Entry(String statementHash, Phase phase, String maxKey, String lastKey, long rows, long chunks) {
    }

    private final String table;
    /** The configured schema, or {@code null} for the connection's database; and the table's own name. */
    private final String schemaName;
    private final String tableName;

    /** @param configuredName the setting's value, {@code name} or {@code schema.name} (letters, digits, _ only) */
    CopyJournal(String configuredName) {
        int dot = configuredName.indexOf('.');
        this.schemaName = dot < 0 ? null : configuredName.substring(0, dot);
        this.tableName = dot < 0 ? configuredName : configuredName.substring(dot + 1);
        this.table = (schemaName == null ? "" : CopyNames.quote(schemaName) + ".") + CopyNames.quote(tableName);
    }

    String table() {
        return table;
    }

    static String hash(String statement) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(statement.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    void prepare(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (table_schema varchar(64) NOT NULL,"
                    + " table_name varchar(64) NOT NULL, statement_hash char(64) NOT NULL, statement longtext NOT NULL,"
                    + " phase varchar(16) NOT NULL, max_key longtext, last_key longtext, rows_copied bigint NOT NULL,"
                    + " chunks bigint NOT NULL, started_at datetime(6) NOT NULL, updated_at datetime(6) NOT NULL,"
                    + " PRIMARY KEY (table_schema, table_name))");
        }
    }

    /** Whether the journal table exists (before the first copy it does not). */
    boolean exists(Connection raw) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
            ps.setString(1, schemaName);
            ps.setString(2, tableName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    Entry find(Connection raw, CopyNames names) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT statement_hash, phase, max_key, last_key, rows_copied,"
                + " chunks FROM " + table + " WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, names.schema());
            ps.setString(2, names.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Entry(rs.getString(1), Phase.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6)) : null;
            }
        }
    }

    void start(Connection raw, CopyNames names, String statement) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = raw.prepareStatement("INSERT INTO " + table + " (table_schema, table_name,"
                + " statement_hash, statement, phase, rows_copied, chunks, started_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
            ps.setString(1, names.schema());
            ps.setString(2, names.table());
            ps.setString(3, hash(statement));
            ps.setString(4, statement);
            ps.setString(5, Phase.PREPARING.name());
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
        }
    }

    /** The shadow and its triggers are in place; the copy goes up to {@code maxKey} (null: the table was empty). */
    void copying(Connection raw, CopyNames names, String maxKey) throws SQLException {
        update(raw, names, "phase = ?, max_key = ?, last_key = NULL, rows_copied = 0, chunks = 0",
                Phase.COPYING.name(), maxKey);
    }

    /** Inside the chunk's transaction. */
    void advance(Connection raw, CopyNames names, String lastKey, long rows) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("UPDATE " + table + " SET last_key = ?,"
                + " rows_copied = rows_copied + ?, chunks = chunks + 1, updated_at = ? WHERE table_schema = ?"
                + " AND table_name = ? AND phase = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, rows);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, names.schema());
            ps.setString(5, names.table());
            ps.setString(6, Phase.COPYING.name());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("safemigrate: the online copy's journal row for " + names.q(names.table())
                        + " in " + table + " is gone or moved on: another session changed it. This chunk was rolled back.",
                        "40001");
            }
        }
    }

    void phase(Connection raw, CopyNames names, Phase phase) throws SQLException {
        update(raw, names, "phase = ?", phase.name());
    }

    void remove(Connection raw, CopyNames names) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("DELETE FROM " + table + " WHERE table_schema = ?"
                + " AND table_name = ?")) {
            ps.setString(1, names.schema());
            ps.setString(2, names.table());
            ps.executeUpdate();
        }
    }

    /** The statement that removes this table's row, for messages. */
    String removeSql(CopyNames names) {
        return "DELETE FROM " + table + " WHERE table_schema = '" + names.schema().replace("'", "''")
                + "' AND table_name = '" + names.table().replace("'", "''") + "'";
    }

    private void update(Connection raw, CopyNames names, String set, String... values) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("UPDATE " + table + " SET " + set + ", updated_at = ?"
                + " WHERE table_schema = ? AND table_name = ?")) {
            int i = 1;
            for (String v : values) {
                ps.setString(i++, v);
            }
            ps.setTimestamp(i++, Timestamp.from(Instant.now()));
            ps.setString(i++, names.schema());
            ps.setString(i, names.table());
            ps.executeUpdate();
        }
    }
}
