package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Finds a migration tool's history table (Flyway's, Liquibase's) before it is read: a missing table means
 * nothing is applied yet, and asking for it first keeps plan's read-only transaction free of errors (on
 * PostgreSQL a failed query would abort it).
 */
final class HistoryTable {
    private HistoryTable() {
    }

    /**
     * The table's quoted, schema-qualified name, or {@code null} when it does not exist.
     *
     * @param schema its schema, or {@code null} for the session's (PostgreSQL's current schema, MySQL's database)
     * @param anyCase compare the name without case (Liquibase's DATABASECHANGELOG is upper or lower case)
     */
    static String find(Connection c, Dialect dialect, String schema, String name, boolean anyCase) throws SQLException {
        String current = dialect == Dialect.POSTGRESQL ? "current_schema()" : "DATABASE()";
        String nameTest = anyCase ? "lower(table_name) = lower(?)" : "table_name = ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE " + nameTest + " AND table_schema = " + (schema == null ? current : "?"))) {
            ps.setString(1, name);
            if (schema != null) {
                ps.setString(2, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Identifiers.quote(dialect, rs.getString(1), rs.getString(2)) : null;
            }
        }
    }
}
