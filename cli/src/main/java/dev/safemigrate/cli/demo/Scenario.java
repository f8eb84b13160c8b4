package dev.safemigrate.cli.demo;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * The tables, the migration and the checks of its result. Everything lives in one schema of its own,
 * {@code safemigrate_demo_<random>}; the tables are built afresh, with the same rows, before each run,
 * so the bare run and the safemigrate run start equal.
 */
final class Scenario {
    static final int CUSTOMERS = 1000;

    /** The migration, as a user would write it: each statement runs in its own transaction (autocommit). */
    static final List<String> MIGRATION = List.of(
            "ALTER TABLE orders ADD COLUMN customer_id bigint",
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id)",
            "UPDATE orders SET customer_id = customer_no WHERE customer_id IS NULL");

    /** Short names for the report, one per statement of {@link #MIGRATION}. */
    static final List<String> STEP_NAMES = List.of("ADD COLUMN", "CREATE INDEX", "ADD FOREIGN KEY", "backfill UPDATE");

    private final String schema;
    private final int rows;

    Scenario(String schema, int rows) {
        this.schema = schema;
        this.rows = rows;
    }

    static String randomSchemaName() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return "safemigrate_demo_" + HexFormat.of().formatHex(b);
    }

    String schema() {
        return schema;
    }

    int rows() {
        return rows;
    }

    private String q(String table) {
        return Format.quote(schema) + "." + Format.quote(table);
    }

    void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + Format.quote(schema));
        }
    }

    static void dropSchema(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + Format.quote(schema) + " CASCADE");
        }
    }

    /**
     * Drops and refills the tables: {@code rows} orders whose {@code customer_no} (the old way to name the
     * customer) the migration copies into the new {@code customer_id}, with a foreign key to customers.
     */
    void resetTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + q("orders") + ", " + q("customers") + ", "
                    + q("safemigrate_batch_journal") + " CASCADE");
            st.execute("CREATE TABLE " + q("customers") + " (id bigint PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO " + q("customers") + " SELECT g, 'customer ' || g FROM generate_series(1, "
                    + CUSTOMERS + ") g");
            st.execute("CREATE TABLE " + q("orders") + " (id bigserial PRIMARY KEY, customer_no bigint NOT NULL,"
                    + " amount numeric(12,2) NOT NULL, note text, created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO " + q("orders") + " (customer_no, amount, note, created_at)"
                    + " SELECT 1 + (g::bigint * 7919) % " + CUSTOMERS + ", (g % 100000) / 100.0, 'order ' || g,"
                    + " now() - g * interval '1 second' FROM generate_series(1, " + rows + ") g");
            // Statistics as a real table would have them: the driver sizes tables from them.
            st.execute("ANALYZE " + q("customers"));
            st.execute("ANALYZE " + q("orders"));
        }
    }

    /** What the migration left behind, checked after the load has stopped. */
    record EndState(boolean columnExists, boolean indexValid, boolean foreignKeyValidated, long originalRowsNull,
                    long checksum) {
        boolean correct() {
            return columnExists && indexValid && foreignKeyValidated && originalRowsNull == 0;
        }

        String describe() {
            return "column " + (columnExists ? "added" : "MISSING")
                    + ", index " + (indexValid ? "valid" : "NOT VALID")
                    + ", foreign key " + (foreignKeyValidated ? "validated" : "NOT VALIDATED")
                    + ", " + (originalRowsNull == 0 ? "every original row backfilled"
                    : Format.count(originalRowsNull) + " original rows NOT backfilled");
        }
    }

    EndState endState(Connection c) throws SQLException {
        boolean column = exists(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = ?"
                + " AND table_name = 'orders' AND column_name = 'customer_id'");
        boolean index = exists(c, "SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = x.relnamespace"
                + " WHERE n.nspname = ? AND x.relname = 'orders_customer_id_idx' AND i.indisvalid AND i.indisready");
        boolean fk = exists(c, "SELECT 1 FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
                + " WHERE n.nspname = ? AND k.conname = 'orders_customer_id_fkey' AND k.contype = 'f' AND k.convalidated");
        if (!column) {
            return new EndState(false, index, fk, rows, 0);
        }
        // The rows the table started with (ids 1..rows); rows the writers inserted during the migration
        // differ between runs and are not part of the comparison.
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE customer_id IS NULL),"
                + " coalesce(sum(id * customer_id), 0) FROM " + q("orders") + " WHERE id <= ?")) {
            ps.setLong(1, rows);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new EndState(true, index, fk, rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private boolean exists(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
