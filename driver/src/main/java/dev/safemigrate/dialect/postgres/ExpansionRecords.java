package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.rules.postgres.expand.ExpansionRecordSql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the driver's record of expansions ({@code safemigrate.expand.stateTable}); the rules write it through
 * the steps of their plans (rules.postgres.expand.ExpansionRecordSql), so a record changes atomically with
 * what it describes.
 */
public final class ExpansionRecords {
    private static final String COLUMNS = "id, kind, table_schema, table_name, old_name, new_name, status, created_at,"
            + " statement, contract_sql, rollback_sql";

    private ExpansionRecords() {
    }

    /** The unfinished expansions of one table (or of the view a table rename left), oldest first; none when the record table does not exist. */
    public static List<ExpansionFacts> pending(Connection raw, String stateTable, String schema, String table)
            throws SQLException {
        if (!exists(raw, stateTable)) {
            return List.of();
        }
        // a renamed table's expansion is recorded under its old name (its view) and found under its new one too
        return read(raw, "SELECT " + COLUMNS + " FROM " + quoted(stateTable) + " WHERE table_schema = ?"
                + " AND (table_name = ? OR kind = 'rename-table' AND new_name = ?)"
                + " AND status IN ('expanding', 'expanded') ORDER BY id", schema, table, table);
    }

    /** Every expansion recorded (finished ones too), oldest first; none when the record table does not exist. */
    public static List<ExpansionFacts> all(Connection raw, String stateTable) throws SQLException {
        if (!exists(raw, stateTable)) {
            return List.of();
        }
        return read(raw, "SELECT " + COLUMNS + " FROM " + quoted(stateTable) + " ORDER BY id");
    }

    private static boolean exists(Connection raw, String stateTable) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quoted(stateTable));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<ExpansionFacts> read(Connection raw, String sql, String... args) throws SQLException {
        List<ExpansionFacts> out = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            for (int k = 0; k < args.length; k++) {
                ps.setString(k + 1, args[k]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ExpansionFacts(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                            rs.getString(9), rs.getString(10), rs.getString(11)));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String quoted(String stateTable) {
        return ExpansionRecordSql.quotedTable(stateTable);
    }
}
