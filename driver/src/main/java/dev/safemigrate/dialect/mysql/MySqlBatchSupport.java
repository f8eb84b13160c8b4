package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** MySQL and MariaDB facts for batching, from information_schema and EXPLAIN. */
public final class MySqlBatchSupport implements BatchSupport {

    @Override
    public List<String> primaryKey(Connection raw, QualifiedName table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_NAME = 'PRIMARY'"
                        + " AND TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    @Override
    public long tableRows(Connection raw, QualifiedName table) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                long rows = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : rows;
            }
        }
    }

    @Override
    public long estimateRows(Connection raw, String statement) throws SQLException {
        long max = 0;
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + statement)) {
            while (rs.next()) {
                long rows = rs.getLong("rows");
                max = Math.max(max, rows);
            }
        }
        return max;
    }

    @Override
    public List<String> statementTriggers(Connection raw, QualifiedName table) {
        return List.of(); // MySQL and MariaDB triggers are FOR EACH ROW only
    }

    /**
     * Built-in aggregates are recognised by name (BulkStatement). A stored function (MariaDB has stored
     * aggregate functions) or a loadable UDF of that name might aggregate: not batched, to be safe.
     */
    @Override
    public boolean anyAggregate(Connection raw, Set<String> functions) throws SQLException {
        if (functions.isEmpty()) {
            return false;
        }
        String marks = String.join(", ", functions.stream().map(f -> "?").toList());
        try (PreparedStatement ps = raw.prepareStatement("SELECT COUNT(*) FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_TYPE = 'FUNCTION' AND LOWER(ROUTINE_NAME) IN (" + marks + ")")) {
            int i = 1;
            for (String f : functions) {
                ps.setString(i++, f);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return true;
                }
            }
        }
        try (PreparedStatement ps = raw.prepareStatement("SELECT COUNT(*) FROM mysql.func WHERE LOWER(name) IN ("
                + marks + ")")) {
            int i = 1;
            for (String f : functions) {
                ps.setString(i++, f);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException noAccess) {
            return false; // mysql.func not readable: loadable UDFs are rare; stored functions were checked above
        }
    }

    @Override
    public String stringLiteral(Connection raw, String value) throws SQLException {
        boolean backslashEscapes;
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            String mode = rs.getString(1);
            backslashEscapes = mode == null || !mode.toUpperCase(java.util.Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        }
        String escaped = backslashEscapes ? value.replace("\\", "\\\\") : value;
        return "'" + escaped.replace("'", "''") + "'";
    }

    @Override
    public String textType() {
        return "longtext";
    }

    @Override
    public String timestampType() {
        return "datetime(6)";
    }
}
