package dev.safemigrate.execution.onlinecopy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the online copy reads from information_schema about the original and the shadow table. */
final class CopyTables {
    private CopyTables() {
    }

    /**
     * One column.
     *
     * @param generated a VIRTUAL or STORED generated column: computed by the server, never copied
     * @param collation its collation, or {@code null} for a non-text column
     */
    record Column(String name, boolean generated, String collation) {
        String lower() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    /** The unique, not-null key the copy chunks by and the triggers match rows by. */
    record ChunkKey(String index, List<String> columns) {
    }

    static List<Column> columns(Connection raw, String schema, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement("SELECT COLUMN_NAME, EXTRA, COLLATION_NAME FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(2) == null ? "" : rs.getString(2).toUpperCase(Locale.ROOT);
                    // MySQL 8 also says DEFAULT_GENERATED for an expression default: that column is copied.
                    boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                            || extra.contains("PERSISTENT GENERATED");
                    columns.add(new Column(rs.getString(1), generated, rs.getString(3)));
                }
            }
        }
        return columns;
    }

    /**
     * The primary key, else the first unique index whose columns are all NOT NULL; {@code null} when there is
     * neither. Its columns in index order.
     */
    static ChunkKey chunkKey(Connection raw, String schema, String table) throws SQLException {
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Set<String> nullable = new HashSet<>();
        try (PreparedStatement ps = raw.prepareStatement("SELECT s.INDEX_NAME, s.COLUMN_NAME, c.IS_NULLABLE,"
                + " s.SUB_PART FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0"
                + " ORDER BY s.INDEX_NAME <> 'PRIMARY', s.INDEX_NAME, s.SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    unique.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                    // a prefix index (SUB_PART) is not unique over the whole value
                    if ("YES".equals(rs.getString(3)) || rs.getObject(4) != null) {
                        nullable.add(index);
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : unique.entrySet()) {
            if (!nullable.contains(e.getKey())) {
                return new ChunkKey(e.getKey(), List.copyOf(e.getValue()));
            }
        }
        return null;
    }

    /** Key columns of binary types: their values cannot be carried through the journal as text. */
    static List<String> binaryColumns(Connection raw, String schema, String table, List<String> columns)
            throws SQLException {
        List<String> binary = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2).toLowerCase(Locale.ROOT);
                    if (columns.contains(rs.getString(1)) && (type.contains("binary") || type.contains("blob"))) {
                        binary.add(rs.getString(1));
                    }
                }
            }
        }
        return binary;
    }

    /** True when some index of the table starts with exactly these columns (any order): the triggers' lookups use it. */
    static boolean hasIndexLeadingWith(Connection raw, String schema, String table, List<String> columns)
            throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = raw.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM"
                + " information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND SUB_PART IS NULL"
                + " ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2).toLowerCase(
                            Locale.ROOT));
                }
            }
        }
        Set<String> wanted = new HashSet<>();
        columns.forEach(c -> wanted.add(c.toLowerCase(Locale.ROOT)));
        for (List<String> index : indexes.values()) {
            if (index.size() >= wanted.size() && new HashSet<>(index.subList(0, wanted.size())).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    static List<String> triggers(Connection raw, String schema, String table) throws SQLException {
        return names(raw, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ?"
                + " AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME", schema, table);
    }

    /** Foreign keys of other tables (or of this one, to itself) that reference this table: {@code child.constraint}. */
    static List<String> referencingForeignKeys(Connection raw, String schema, String table) throws SQLException {
        return names(raw, "SELECT CONCAT(CONSTRAINT_SCHEMA, '.', TABLE_NAME, '.', CONSTRAINT_NAME) FROM"
                + " information_schema.REFERENTIAL_CONSTRAINTS WHERE UNIQUE_CONSTRAINT_SCHEMA = ?"
                + " AND REFERENCED_TABLE_NAME = ? ORDER BY 1", schema, table);
    }

    /** This table's own foreign keys (the ones it declares). */
    static List<String> foreignKeys(Connection raw, String schema, String table) throws SQLException {
        return names(raw, "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY 1", schema, table);
    }

    static boolean tableExists(Connection raw, String schema, String table) throws SQLException {
        return !names(raw, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                schema, table).isEmpty();
    }

    static boolean triggerExists(Connection raw, String schema, String trigger) throws SQLException {
        return !names(raw, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                + " AND TRIGGER_NAME = ?", schema, trigger).isEmpty();
    }

    private static List<String> names(Connection raw, String sql, String schema, String name) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
