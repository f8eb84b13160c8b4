package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link PreWaitBenchmark} on PostgreSQL: the schema named in {@code currentSchema} is created when missing. */
final class PreWaitPostgres extends PreWaitDatabase {
    PreWaitPostgres(String url, String user, String password) {
        super(url, user, password);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("SAFEMIGRATE_BENCH_PG_URL must be a bare jdbc:postgresql: URL");
        }
    }

    @Override
    String label() {
        return "PostgreSQL";
    }

    @Override
    boolean prepare() throws SQLException {
        Matcher m = Pattern.compile("currentSchema=([A-Za-z_][A-Za-z0-9_]*)").matcher(url);
        if (m.find()) {
            String schema = m.group(1);
            try (Connection c = connect(url.replace("currentSchema=" + schema, "currentSchema=public"));
                 Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
            }
        }
        try (Connection c = bare(); Statement st = c.createStatement()) {
            ServerFacts.print(st, "SELECT version()", "SHOW lock_timeout", "SHOW deadlock_timeout", "SELECT current_schema()");
        }
        return true;
    }

    @Override
    void createTable(Statement st) throws SQLException {
        st.execute("DROP TABLE IF EXISTS " + TABLE);
        st.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, balance int NOT NULL)");
        st.execute("INSERT INTO " + TABLE + " SELECT g, 100 FROM generate_series(1, " + ROWS + ") g");
        st.execute("VACUUM ANALYZE " + TABLE);
    }

    @Override
    boolean columnExists(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_attribute WHERE attrelid = '" + TABLE
                     + "'::regclass AND attname = 'added' AND NOT attisdropped")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }
}
