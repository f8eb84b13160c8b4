package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a MySQL/MariaDB test database holds, from {@code information_schema} (the test's own database only). */
public final class MySqlSchema {
    private MySqlSchema() {
    }

    /** {@code COLUMN_TYPE IS_NULLABLE}, e.g. {@code "varchar(20) NO"}; null when there is no such column. */
    public static String columnType(TestDatabase db, String table, String column) throws SQLException {
        return string(db, "SELECT CONCAT(COLUMN_TYPE, ' ', IS_NULLABLE) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?", db.schema(), table, column);
    }

    public static boolean indexExists(TestDatabase db, String table, String index) throws SQLException {
        return string(db, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND INDEX_NAME = ? LIMIT 1", db.schema(), table, index) != null;
    }

    public static boolean foreignKeyExists(TestDatabase db, String table, String name) throws SQLException {
        return string(db, "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ? AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
                db.schema(), table, name) != null;
    }

    public static boolean tableExists(TestDatabase db, String table) throws SQLException {
        return string(db, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                db.schema(), table) != null;
    }

    /** Drops and creates the test's database: Flyway wants an empty one (or its history table). */
    public static void recreate(TestDatabase db) throws SQLException {
        String name = "`" + db.schema().replace("`", "``") + "`";
        db.execute("DROP DATABASE " + name, "CREATE DATABASE " + name);
    }

    private static String string(TestDatabase db, String sql, String... params) throws SQLException {
        try (Connection c = db.openBare(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
