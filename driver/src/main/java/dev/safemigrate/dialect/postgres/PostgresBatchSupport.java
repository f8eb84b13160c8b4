package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.sql.Literals;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL facts for batching, from the catalog and EXPLAIN. */
public final class PostgresBatchSupport implements BatchSupport {
    private static final Pattern ROWS = Pattern.compile("rows=(\\d+)");

    @Override
    public List<String> primaryKey(Connection raw, QualifiedName table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                        + " AND a.attnum = ANY (i.indkey::int2[])"
                        + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary"
                        + " ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            ps.setString(1, table.sql());
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
        try (PreparedStatement ps = raw.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                long rows = rs.getLong(1);
                if (rows >= 0) {
                    return rows;
                }
            }
        }
        // Never analysed (reltuples -1): the planner's estimate of a full scan, which it takes from the
        // table's current size on disk. A tiny bookkeeping table (Liquibase's lock) stays tiny; a table
        // filled a moment ago counts with its real size.
        return estimateRows(raw, "SELECT 1 FROM " + table.sql());
    }

    @Override
    public long estimateRows(Connection raw, String statement) throws SQLException {
        long max = 0;
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + statement)) {
            while (rs.next()) {
                Matcher m = ROWS.matcher(rs.getString(1));
                while (m.find()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        }
        return max;
    }

    @Override
    public boolean statisticsMissing(Connection raw, QualifiedName table, Set<String> columns) throws SQLException {
        if (columns.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                        + " AND a.attname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_stats s"
                        + "   WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname))")) {
            ps.setString(1, table.sql());
            ps.setArray(2, raw.createArrayOf("text", columns.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public List<String> statementTriggers(Connection raw, QualifiedName table) throws SQLException {
        List<String> names = new ArrayList<>();
        // tgtype bit 0 set = FOR EACH ROW; statement-level triggers have it clear
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(?) AND NOT tgisinternal AND tgtype & 1 = 0")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    public boolean anyAggregate(Connection raw, Set<String> functions) throws SQLException {
        if (functions.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = ANY (?) AND prokind IN ('a', 'w'))")) {
            ps.setArray(1, raw.createArrayOf("text", functions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public String stringLiteral(Connection raw, String value) {
        return Literals.postgres(value);
    }

    @Override
    public String textType() {
        return "text";
    }

    @Override
    public String timestampType() {
        return "timestamptz";
    }
}
