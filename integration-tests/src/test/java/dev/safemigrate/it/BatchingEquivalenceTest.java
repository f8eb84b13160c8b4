package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batched and unbatched runs of the same statement on identical tables give the same rows, row for
 * row, and the same update count — including statements that are not idempotent.
 */
class BatchingEquivalenceTest {
    /** Small batches so that every statement runs in many of them. */
    static final String BATCHING = "safemigrate.batch.minRows=100&safemigrate.batch.minSize=50&safemigrate.batch.maxSize=300";
    static final int ROWS = 3000;

    /** A statement over {t} (the table) and, for INSERT … SELECT, {copy}; the key columns to order by. */
    record Case(String name, String sql, String table, String orderBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("not idempotent", "UPDATE {t} SET n = n + 1", "items", "id"),
                new Case("with a WHERE and OR", "UPDATE {t} SET note = concat('x', id) WHERE n % 3 = 0 OR n < 10", "items", "id"),
                new Case("NULLs", "UPDATE {t} SET note = 'was null' WHERE note IS NULL", "items", "id"),
                new Case("delete", "DELETE FROM {t} WHERE n < 50", "items", "id"),
                new Case("delete all", "DELETE FROM {t}", "items", "id"),
                new Case("insert select", "INSERT INTO {copy} (id, n, note) SELECT id, n * 2, note FROM {t} WHERE n > 10",
                        "items", "id"),
                new Case("composite key with text", "UPDATE {t} SET v = v + 1 WHERE b <> 'k7'", "pairs", "a, b"),
                new Case("text key with quotes and backslashes", "UPDATE {t} SET v = v * 2 + 1", "codes", "code"),
                new Case("asked for by comment", "/* safemigrate:batch */ UPDATE {t} SET n = n - 1 WHERE id <= 150",
                        "items", "id"));
    }

    abstract static class Common {
        final TestDatabase db;
        SimpleMeterRegistry meters;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String textType();

        @BeforeEach
        void meters() {
            meters = new SimpleMeterRegistry();
            SafeMigrate.useMeterRegistry(meters);
        }

        @AfterEach
        void resetMeters() {
            SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
        }

        void create(String suffix) throws SQLException {
            String t = textType();
            db.execute("DROP TABLE IF EXISTS items" + suffix, "DROP TABLE IF EXISTS copy" + suffix,
                    "DROP TABLE IF EXISTS pairs" + suffix, "DROP TABLE IF EXISTS codes" + suffix,
                    "CREATE TABLE items" + suffix + " (id int PRIMARY KEY, n int NOT NULL, note " + t + ")",
                    "CREATE TABLE copy" + suffix + " (id int PRIMARY KEY, n int NOT NULL, note " + t + ")",
                    "CREATE TABLE pairs" + suffix + " (a int NOT NULL, b varchar(20) NOT NULL, v int NOT NULL, PRIMARY KEY (a, b))",
                    "CREATE TABLE codes" + suffix + " (code varchar(40) PRIMARY KEY, v int NOT NULL)");
            try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 1; i <= ROWS; i++) {
                    st.addBatch("INSERT INTO items" + suffix + " VALUES (" + i + ", " + (i * 7 % 101) + ", "
                            + (i % 4 == 0 ? "NULL" : "'note " + i + "'") + ")");
                    st.addBatch("INSERT INTO pairs" + suffix + " VALUES (" + (i % 60) + ", 'k" + (i / 60) + "', " + i + ")");
                    String code = "c" + i + (i % 3 == 0 ? "'q" : "") + (i % 5 == 0 ? "\\\\b" : "");
                    st.addBatch("INSERT INTO codes" + suffix + " VALUES ('" + code.replace("'", "''") + "', " + i + ")");
                    if (i % 500 == 0) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
                c.commit();
            }
            db.execute(db.engine() == Engine.POSTGRESQL
                    ? new String[] {"ANALYZE items" + suffix, "ANALYZE pairs" + suffix, "ANALYZE codes" + suffix}
                    : new String[] {"ANALYZE TABLE items" + suffix, "ANALYZE TABLE pairs" + suffix, "ANALYZE TABLE codes" + suffix});
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.safemigrate.it.BatchingEquivalenceTest#cases")
        void batchedEqualsUnbatched(Case c) throws Exception {
            create("_bare");
            create("_safe");
            long bareCount;
            try (Connection conn = db.openBare(); Statement st = conn.createStatement()) {
                bareCount = st.executeLargeUpdate(sql(c, "_bare"));
            }
            long safeCount;
            try (Connection conn = db.openSafe(BATCHING); Statement st = conn.createStatement()) {
                assertThat(st.execute(sql(c, "_safe"))).isFalse();
                safeCount = st.getLargeUpdateCount();
                assertThat(st.getMoreResults()).isFalse();
                assertThat(st.getUpdateCount()).isEqualTo(-1);
            }
            assertThat(safeCount).as("the caller's update count").isEqualTo(bareCount);
            assertThat(meters.counter("safemigrate.batch.batches").count()).as("ran in several batches")
                    .isGreaterThan(2);
            assertThat(rows(c.table() + "_safe", c.orderBy())).isEqualTo(rows(c.table() + "_bare", c.orderBy()));
            if (c.sql().contains("{copy}")) {
                assertThat(rows("copy_safe", "id")).isEqualTo(rows("copy_bare", "id")).isNotEmpty();
            }
        }

        /**
         * Property: for random statements (templates × random predicates and constants) and random batch
         * sizes, batched equals unbatched. Seeded, so a failure names its case and can be replayed.
         */
        @org.junit.jupiter.api.RepeatedTest(6)
        void randomStatementsAndBatchSizes(org.junit.jupiter.api.RepetitionInfo repetition) throws Exception {
            java.util.Random random = new java.util.Random(1000L + repetition.getCurrentRepetition());
            String[] predicates = {"n < %d", "n >= %d", "id %% 3 = %d %% 3", "note IS NULL OR n > %d",
                    "n BETWEEN %d AND %d + 20", "NOT (n = %d)"};
            String[] templates = {"UPDATE {t} SET n = n * 2 + %d WHERE %s", "DELETE FROM {t} WHERE %s",
                    "UPDATE {t} SET note = concat(coalesce(note, 'n'), '%d') WHERE %s",
                    "INSERT INTO {copy} (id, n, note) SELECT id, n + %d, note FROM {t} WHERE %s"};
            int k = random.nextInt(100);
            String predicate = String.format(predicates[random.nextInt(predicates.length)], k, k);
            String template = templates[random.nextInt(templates.length)];
            String sql = "/* safemigrate:batch */ " + (template.startsWith("DELETE")
                    ? String.format(template, predicate) : String.format(template, random.nextInt(9), predicate));
            int min = 1 + random.nextInt(200);
            String params = "safemigrate.batch.minSize=" + min + "&safemigrate.batch.maxSize=" + (min + random.nextInt(400));
            Case c = new Case("random " + repetition.getCurrentRepetition(), sql, "items", "id");
            create("_bare");
            create("_safe");
            long bareCount;
            try (Connection conn = db.openBare(); Statement st = conn.createStatement()) {
                bareCount = st.executeLargeUpdate(sql(c, "_bare"));
            }
            long safeCount;
            try (Connection conn = db.openSafe(params); Statement st = conn.createStatement()) {
                safeCount = st.executeLargeUpdate(sql(c, "_safe"));
            }
            assertThat(safeCount).as(sql + " with " + params).isEqualTo(bareCount);
            assertThat(rows("items_safe", "id")).as(sql + " with " + params).isEqualTo(rows("items_bare", "id"));
            assertThat(rows("copy_safe", "id")).as(sql + " with " + params).isEqualTo(rows("copy_bare", "id"));
            assertThat(meters.counter("safemigrate.batch.batches").count()).as(sql).isGreaterThan(1);
        }

        private static String sql(Case c, String suffix) {
            return c.sql().replace("{t}", c.table() + suffix).replace("{copy}", "copy" + suffix);
        }

        List<List<Object>> rows(String table, String orderBy) throws SQLException {
            List<List<Object>> rows = new ArrayList<>();
            try (Connection c = db.openBare(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String textType() {
            return "text";
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @org.junit.jupiter.api.Test
        void anInsertSelectCallingAStoredFunctionIsNotBatched() throws Exception {
            create("_safe");
            db.execute("DROP FUNCTION IF EXISTS twice", "CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2");
            try (Connection conn = db.openSafe(BATCHING); Statement st = conn.createStatement()) {
                assertThat(st.executeUpdate("INSERT INTO copy_safe (id, n, note) SELECT id, twice(n), note FROM items_safe"))
                        .isEqualTo(ROWS);
            }
            assertThat(meters.counter("safemigrate.batch.batches").count()).as("a stored function might aggregate")
                    .isZero();
            assertThat(db.queryLong("SELECT count(*) FROM copy_safe c JOIN items_safe i ON i.id = c.id WHERE c.n = 2 * i.n"))
                    .isEqualTo(ROWS);
        }

        @Override
        String textType() {
            return "varchar(100)";
        }
    }
}
