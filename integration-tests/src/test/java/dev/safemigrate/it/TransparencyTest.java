package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything that is not DDL behaves exactly as with the bare driver: each scenario runs through the
 * bare driver and through safemigrate, and the observable results must be equal.
 */
class TransparencyTest {

    /** One scenario's observable outcome: a list of values to compare between the two drivers. */
    @FunctionalInterface
    interface Scenario {
        List<Object> run(Connection c) throws SQLException;
    }

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String createItems();

        abstract String callableSetup();

        abstract String callSql();

        @BeforeEach
        void freshTable() throws SQLException {
            db.execute("DROP TABLE IF EXISTS items", createItems());
        }

        /** A bare connection to the test database; subclasses may pick another driver. */
        Connection openBare() throws SQLException {
            return db.openBare();
        }

        /** The same through safemigrate. */
        Connection openSafe() throws SQLException {
            return db.openSafe();
        }

        /** Runs the scenario bare, resets the table, runs it through safemigrate; both must see the same. */
        void sameThroughBoth(Scenario scenario) throws SQLException {
            List<Object> bare;
            try (Connection c = openBare()) {
                bare = scenario.run(c);
            }
            db.execute("DROP TABLE IF EXISTS items", createItems());
            List<Object> safe;
            try (Connection c = openSafe()) {
                safe = scenario.run(c);
            }
            assertThat(safe).isEqualTo(bare).isNotEmpty();
        }

        @Test
        void plainQueriesAndUpdates() throws SQLException {
            sameThroughBoth(c -> {
                List<Object> out = new ArrayList<>();
                try (Statement st = c.createStatement()) {
                    out.add(st.executeUpdate("INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 2), ('c', 3)"));
                    out.add(st.executeUpdate("UPDATE items SET qty = qty * 10 WHERE qty >= 2"));
                    out.add(st.execute("SELECT name, qty FROM items ORDER BY name"));
                    try (ResultSet rs = st.getResultSet()) {
                        out.add(rs.getStatement() == st);
                        while (rs.next()) {
                            out.add(rs.getString(1) + "=" + rs.getInt(2));
                        }
                    }
                    out.add(st.executeLargeUpdate("DELETE FROM items WHERE name = 'a'"));
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
                        out.add(rs.getStatement() == st);
                        rs.next();
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            });
        }

        @Test
        void preparedStatementsWithBindValues() throws SQLException {
            sameThroughBoth(c -> {
                List<Object> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?)")) {
                    for (int i = 0; i < 5; i++) {
                        ps.setString(1, "item" + i);
                        ps.setInt(2, i);
                        out.add(ps.executeUpdate());
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE qty > ? ORDER BY qty")) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        out.add(rs.getStatement() == ps);
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                    out.add(ps.getConnection() == c);
                }
                return out;
            });
        }

        @Test
        void batchesOfSqlAndOfBindValues() throws SQLException {
            sameThroughBoth(c -> {
                List<Object> out = new ArrayList<>();
                try (Statement st = c.createStatement()) {
                    st.addBatch("INSERT INTO items (name, qty) VALUES ('x', 1)");
                    st.addBatch("INSERT INTO items (name, qty) VALUES ('y', 2)");
                    st.addBatch("UPDATE items SET qty = qty + 1");
                    for (int n : st.executeBatch()) {
                        out.add(n);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE items SET qty = ? WHERE name = ?")) {
                    ps.setInt(1, 7);
                    ps.setString(2, "x");
                    ps.addBatch();
                    ps.setInt(1, 8);
                    ps.setString(2, "nobody");
                    ps.addBatch();
                    for (int n : ps.executeBatch()) {
                        out.add(n);
                    }
                }
                out.add(sum(c));
                return out;
            });
        }

        @Test
        void generatedKeys() throws SQLException {
            sameThroughBoth(c -> {
                List<Object> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, "k");
                    ps.setInt(2, 1);
                    out.add(ps.executeUpdate());
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        out.add(keys.getLong(1));
                    }
                }
                try (Statement st = c.createStatement()) {
                    out.add(st.executeUpdate("INSERT INTO items (name, qty) VALUES ('l', 2)", Statement.RETURN_GENERATED_KEYS));
                    try (ResultSet keys = st.getGeneratedKeys()) {
                        keys.next();
                        out.add(keys.getLong(1));
                    }
                }
                return out;
            });
        }

        @Test
        void callableStatements() throws SQLException {
            db.execute(callableSetup());
            sameThroughBoth(c -> {
                List<Object> out = new ArrayList<>();
                try (CallableStatement cs = c.prepareCall(callSql())) {
                    cs.setInt(1, 20);
                    cs.registerOutParameter(2, Types.INTEGER);
                    cs.execute();
                    out.add(cs.getInt(2));
                }
                return out;
            });
        }

        @Test
        void metadataLeadsBackToTheWrapperAndReportsTheRealDatabase() throws SQLException {
            String bareProduct;
            String bareVersion;
            try (Connection c = openBare()) {
                bareProduct = c.getMetaData().getDatabaseProductName();
                bareVersion = c.getMetaData().getDatabaseProductVersion();
            }
            try (Connection c = openSafe()) {
                DatabaseMetaData md = c.getMetaData();
                assertThat(md.getConnection()).isSameAs(c);
                assertThat(md.getURL()).startsWith("jdbc:safemigrate:");
                assertThat(md.getDatabaseProductName()).isEqualTo(bareProduct);
                assertThat(md.getDatabaseProductVersion()).isEqualTo(bareVersion);
                try (Statement st = c.createStatement()) {
                    assertThat(st.getConnection()).isSameAs(c);
                }
            }
        }

        private long sum(Connection c) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sum(qty) FROM items")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String createItems() {
            return "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL, qty int NOT NULL)";
        }

        @Override
        String callableSetup() {
            return "CREATE OR REPLACE FUNCTION double_it(x int, OUT y int) AS $$ SELECT x * 2 $$ LANGUAGE sql";
        }

        @Override
        String callSql() {
            return "{call double_it(?, ?)}";
        }

        @Test
        void unwrapReachesPgjdbcTypes() throws SQLException {
            try (Connection c = db.openSafe()) {
                assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
                org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                assertThat(pg.getBackendPID()).isPositive();
                assertThat(c.unwrap(Connection.class)).isSameAs(c);
                try (Statement st = c.createStatement()) {
                    assertThat(st.unwrap(org.postgresql.PGStatement.class)).isNotNull();
                }
            }
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String createItems() {
            return "CREATE TABLE items (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL, qty int NOT NULL)";
        }

        @Override
        String callableSetup() {
            return "CREATE OR REPLACE PROCEDURE double_it(IN x int, OUT y int) BEGIN SET y = x * 2; END";
        }

        @Override
        String callSql() {
            return "{call double_it(?, ?)}";
        }

        @Test
        void unwrapReachesTheRealDriversTypes() throws SQLException {
            try (Connection c = db.openSafe()) {
                Class<?> real = db.bareUrl().startsWith("jdbc:mariadb:") ? org.mariadb.jdbc.Connection.class
                        : com.mysql.cj.jdbc.JdbcConnection.class;
                assertThat(c.isWrapperFor(real)).isTrue();
                assertThat(real.isInstance(c.unwrap(real))).isTrue();
            }
        }
    }

    /** The MySQL/MariaDB server again, through the other driver (Connector/J or MariaDB Connector/J). */
    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySqlWithTheOtherDriver extends OnMySql {
        OnMySqlWithTheOtherDriver(TestDatabase db) {
            super(db);
        }

        private String otherBareUrl() {
            String url = db.bareUrl();
            if (url.startsWith("jdbc:mysql:")) {
                int query = url.indexOf('?');
                return "jdbc:mariadb:" + (query < 0 ? url : url.substring(0, query)).substring("jdbc:mysql:".length());
            }
            return "jdbc:mysql:" + url.substring("jdbc:mariadb:".length())
                    + (url.contains("?") ? "&" : "?") + "allowPublicKeyRetrieval=true&useSSL=false";
        }

        @Override
        Connection openBare() throws SQLException {
            return java.sql.DriverManager.getConnection(otherBareUrl(), db.user(), db.password());
        }

        @Override
        Connection openSafe() throws SQLException {
            return java.sql.DriverManager.getConnection("jdbc:safemigrate:" + otherBareUrl().substring("jdbc:".length()),
                    db.user(), db.password());
        }

        @Override
        @Test
        void unwrapReachesTheRealDriversTypes() throws SQLException {
            try (Connection c = openSafe()) {
                Class<?> real = otherBareUrl().startsWith("jdbc:mariadb:") ? org.mariadb.jdbc.Connection.class
                        : com.mysql.cj.jdbc.JdbcConnection.class;
                assertThat(c.isWrapperFor(real)).isTrue();
                assertThat(real.isInstance(c.unwrap(real))).isTrue();
            }
        }
    }
}
