package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batching inside a caller's transaction (split / keep / fail), and statements that run unchanged. */
@RealDatabase(Engine.POSTGRESQL)
class BatchingTransactionsTest {
    private static final int ROWS = 5000;
    private static final String BATCHES = "safemigrate.batch.minRows=100&safemigrate.batch.maxSize=500";

    private final TestDatabase db;
    private SimpleMeterRegistry meters;

    BatchingTransactionsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        db.execute("DROP TABLE IF EXISTS counters, audit", "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO counters SELECT g, 0 FROM generate_series(1, " + ROWS + ") g", "ANALYZE counters",
                "CREATE TABLE audit (what text)");
    }

    @AfterEach
    void resetMeters() {
        SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
    }

    private double batches() {
        return meters.counter("safemigrate.batch.batches").count();
    }

    @Test
    void splitCommitsTheWorkBeforeBatchesAndResumesATransaction() throws SQLException {
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit VALUES ('before')");
            assertThat(st.executeUpdate("UPDATE counters SET n = n + 1")).isEqualTo(ROWS);
            st.executeUpdate("INSERT INTO audit VALUES ('after')");
            c.rollback();
        }
        assertThat(batches()).isGreaterThanOrEqualTo(10);
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 1")).as("the batches committed").isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'before'")).as("committed early").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'after'")).as("rolled back").isZero();
    }

    @Test
    void keepRunsItAsOneStatementInsideTheTransaction() throws SQLException {
        try (Connection c = db.openSafe(BATCHES + "&safemigrate.transactionPolicy=keep"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            assertThat(st.executeUpdate("UPDATE counters SET n = n + 1")).isEqualTo(ROWS);
            c.rollback();
        }
        assertThat(batches()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 0")).as("all of it rolled back").isEqualTo(ROWS);
    }

    @Test
    void failRefusesInsideATransaction() throws SQLException {
        try (Connection c = db.openSafe(BATCHES + "&safemigrate.transactionPolicy=fail"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE counters SET n = n + 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("outside a transaction")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            c.rollback();
        }
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 0")).isEqualTo(ROWS);
    }

    @Test
    void statementsTheEngineCannotPartitionRunUnchanged() throws SQLException {
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("UPDATE counters SET n = n + 1 RETURNING id")) {
                int returned = 0;
                while (rs.next()) {
                    returned++;
                }
                assertThat(returned).isEqualTo(ROWS);
            }
            assertThat(st.executeUpdate("UPDATE counters SET n = n + 1 WHERE id IN (SELECT id FROM counters WHERE n > 0)"))
                    .isEqualTo(ROWS);
            assertThat(st.executeUpdate("UPDATE counters SET id = id + 100000")).as("changes the key").isEqualTo(ROWS);
        }
        assertThat(batches()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM counters WHERE n = 2 AND id > 100000")).isEqualTo(ROWS);
    }

    @Test
    void aBinaryKeyIsNotBatched() throws SQLException {
        db.execute("DROP TABLE IF EXISTS blobs", "CREATE TABLE blobs (k bytea PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO blobs SELECT decode(md5(g::text), 'hex'), 0 FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE blobs");
        try (Connection c = db.openSafe(BATCHES); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE blobs SET n = n + 1")).isEqualTo(ROWS);
        }
        assertThat(batches()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM blobs WHERE n = 1")).isEqualTo(ROWS);
    }

    /**
     * A one-row table nobody ever analysed, like Liquibase's DATABASECHANGELOGLOCK: its lock UPDATE has
     * no statistics to estimate from, but the table is tiny, so it runs as written inside the caller's
     * transaction (no split, no journal table).
     */
    @Test
    void aSmallTableThatWasNeverAnalysedIsNotBatched() throws SQLException {
        db.execute("DROP TABLE IF EXISTS changelog_lock", "DROP TABLE IF EXISTS safemigrate_batch_journal",
                "CREATE TABLE changelog_lock (id int PRIMARY KEY, locked boolean NOT NULL)",
                "INSERT INTO changelog_lock VALUES (1, false)");
        try (Connection c = db.openSafe(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit VALUES ('before')");
            assertThat(st.executeUpdate("UPDATE changelog_lock SET locked = TRUE WHERE id = 1 AND locked = FALSE"))
                    .isEqualTo(1);
            c.rollback();
        }
        assertThat(batches()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("the transaction was not split").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM changelog_lock WHERE locked")).as("rolled back").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'safemigrate_batch_journal'"
                + " AND relnamespace = '" + db.schema() + "'::regnamespace")).isZero();
    }

    @Test
    void turnedOffBySetting() throws SQLException {
        try (Connection c = db.openSafe(BATCHES + "&safemigrate.batch=false"); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE counters SET n = n + 1")).isEqualTo(ROWS);
        }
        assertThat(batches()).isZero();
    }
}
