package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link PreWaitBenchmark} on MariaDB or MySQL through Connector/J ({@code jdbc:mysql:}); the table lives in the
 * URL's database, which must exist. lock_wait_timeout is whole seconds there, so every attempt waits at least 1 s
 * and what shortens the readers' stall is the pre-wait, which needs the server to show its metadata locks.
 */
final class PreWaitMariaDb extends PreWaitDatabase {
    PreWaitMariaDb(String url, String user, String password) {
        super(url, user, password);
        if (!url.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException("SAFEMIGRATE_BENCH_MYSQL_URL must be a bare jdbc:mysql: URL");
        }
    }

    @Override
    String label() {
        return "MariaDB/MySQL";
    }

    @Override
    boolean prepare() throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            ServerFacts.print(st, "SELECT version()", "SELECT @@lock_wait_timeout", "SELECT @@innodb_lock_wait_timeout",
                    "SELECT @@performance_schema", "SELECT DATABASE()");
            String source = metadataLockSource(st);
            if (source == null) {
                System.out.println("The server shows no metadata locks: performance_schema (with its"
                        + " wait/lock/metadata/sql/mdl instrument enabled) is off and MariaDB's METADATA_LOCK_INFO"
                        + " plugin is not active, so safemigrate.preWait cannot see the blocker and the comparison"
                        + " would be meaningless. Start the server with performance_schema=ON or run"
                        + " INSTALL SONAME 'metadata_lock_info' (MariaDB).");
                return false;
            }
            System.out.println("Metadata locks shown by: " + source);
            return true;
        }
    }

    /** Where the server shows metadata locks, in the driver's order of preference; null when nowhere. */
    static String metadataLockSource(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@performance_schema = 1 AND EXISTS (SELECT 1"
                + " FROM performance_schema.setup_instruments WHERE NAME = 'wait/lock/metadata/sql/mdl'"
                + " AND ENABLED = 'YES')")) {
            if (rs.next() && rs.getBoolean(1)) {
                return "performance_schema (instrument wait/lock/metadata/sql/mdl enabled)";
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.PLUGINS"
                + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'")) {
            if (rs.next() && rs.getLong(1) > 0) {
                return "METADATA_LOCK_INFO plugin (information_schema.METADATA_LOCK_INFO)";
            }
        }
        return null;
    }

    @Override
    void createTable(Statement st) throws SQLException {
        st.execute("DROP TABLE IF EXISTS `" + TABLE + "`");
        st.execute("CREATE TABLE `" + TABLE + "` (id int PRIMARY KEY, balance int NOT NULL) ENGINE=InnoDB");
        // No generate_series here: one multi-row INSERT of literal integers.
        StringBuilder insert = new StringBuilder("INSERT INTO `" + TABLE + "` (id, balance) VALUES ");
        for (int id = 1; id <= ROWS; id++) {
            insert.append(id == 1 ? "" : ",").append('(').append(id).append(",100)");
        }
        st.execute(insert.toString());
        st.execute("ANALYZE TABLE `" + TABLE + "`");
    }

    @Override
    boolean columnExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = 'added'")) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }
}
