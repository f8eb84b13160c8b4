package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads table sizes from the live catalog over plan's read-only connection. Catalog reads only. */
final class TableSizes {
    private static final String POSTGRES = "SELECT n.nspname || '.' || c.relname, pg_total_relation_size(c.oid),"
            + " pg_relation_size(c.oid), c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid = to_regclass(?)";
    private static final String MYSQL = "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME),"
            + " COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0), COALESCE(DATA_LENGTH, 0), COALESCE(TABLE_ROWS, -1)"
            + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?";

    private final Connection connection;
    private final Dialect dialect;

    TableSizes(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** The table's size, or {@code null} when it does not exist (yet). */
    TableSize size(QualifiedName table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect == Dialect.POSTGRESQL ? POSTGRES : MYSQL)) {
            if (dialect == Dialect.POSTGRESQL) {
                ps.setString(1, table.sql());
            } else {
                ps.setString(1, table.schema());
                ps.setString(2, table.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new TableSize(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)) : null;
            }
        }
    }
}
