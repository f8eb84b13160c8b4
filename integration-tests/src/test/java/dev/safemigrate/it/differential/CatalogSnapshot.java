package dev.safemigrate.it.differential;

import dev.safemigrate.it.db.Engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The final state of one side as text lines, the schema's name replaced by {@code <schema>} so that two
 * schemas compare equal: the catalog (columns, constraints, indexes, sequences) and every table's rows,
 * sorted. The driver's own tables ({@code safemigrate_*}) are left out, and so is the serial column of
 * each table in {@code serialExcepted} (and that table's sequence value).
 */
final class CatalogSnapshot {

    private CatalogSnapshot() {
    }

    static List<String> of(Connection admin, Engine engine, String schema, Set<String> serialExcepted) throws SQLException {
        List<String> lines = new ArrayList<>();
        boolean pg = engine == Engine.POSTGRESQL;
        for (String query : pg ? POSTGRES : MYSQL) {
            lines.addAll(query(admin, query, schema, schema));
        }
        if (pg) {
            for (String line : query(admin, "SELECT 'sequence', sequencename, last_value FROM pg_sequences WHERE schemaname = ?", schema, schema)) {
                String sequence = line.split("\\|")[1];
                if (serialExcepted.stream().noneMatch(t -> sequence.startsWith(t + "_"))) {
                    lines.add(line);
                }
            }
        }
        List<String> tables = query(admin, pg
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name NOT LIKE 'safemigrate%' ORDER BY 1"
                : "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'safemigrate%' ORDER BY 1",
                schema, schema);
        for (String table : tables) {
            lines.addAll(rows(admin, pg, schema, table, serialExcepted.contains(table)));
        }
        return lines;
    }

    private static final String[] POSTGRES = {
            "SELECT 'column', table_name, column_name, ordinal_position, data_type, character_maximum_length, numeric_precision,"
                    + " numeric_scale, is_nullable, column_default FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name NOT LIKE 'safemigrate%' ORDER BY table_name, ordinal_position",
            "SELECT 'constraint', c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), k.convalidated, k.condeferrable"
                    + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relname NOT LIKE 'safemigrate%' ORDER BY 2, 3, 5",
            "SELECT 'index', t.relname, i.relname, pg_get_indexdef(i.oid), x.indisvalid, x.indisunique, x.indisprimary, x.indisready"
                    + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname NOT LIKE 'safemigrate%'"
                    + " ORDER BY 2, 3"};

    private static final String[] MYSQL = {
            "SELECT 'column', TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_KEY"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'safemigrate%'"
                    + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
            "SELECT 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, COLLATION, NULLABLE, INDEX_TYPE"
                    + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'safemigrate%'"
                    + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS"
                    + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME NOT LIKE 'safemigrate%' ORDER BY 2, 3, 4",
            "SELECT 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                    + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME NOT LIKE 'safemigrate%' ORDER BY 2, 3",
            "SELECT 'key', TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,"
                    + " REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?"
                    + " AND TABLE_NAME NOT LIKE 'safemigrate%' ORDER BY 2, 3, 5",
            "SELECT 'reference', TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, REFERENCED_TABLE_NAME"
                    + " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY 2, 3"};

    private static List<String> query(Connection admin, String sql, String schema, String replace) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement s = admin.prepareStatement(sql)) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int k = 1; k <= columns; k++) {
                        line.append(k > 1 ? "|" : "").append(r.getString(k));
                    }
                    lines.add(line.toString().replace(replace, "<schema>"));
                }
            }
        }
        return lines;
    }

    /** A table's rows, sorted as text: the canonical order whatever order the server returns them in. */
    private static List<String> rows(Connection admin, boolean pg, String schema, String table, boolean dropSerial) throws SQLException {
        String qualified = pg ? '"' + schema + "\".\"" + table.replace("\"", "\"\"") + '"'
                : '`' + schema + "`.`" + table.replace("`", "``") + '`';
        List<String> rows = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + qualified)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder("row|").append(table);
                for (int k = 1; k <= columns; k++) {
                    if (dropSerial && r.getMetaData().getColumnName(k).equals("id")) {
                        continue;
                    }
                    row.append('|').append(r.getString(k));
                }
                rows.add(row.toString());
            }
        }
        Collections.sort(rows);
        return rows;
    }
}
