package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static dev.safemigrate.it.support.Sessions.millis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 300,000-row backfill while another session keeps updating random rows of the same table. Run as
 * one statement, it holds every row lock until it commits and the writer waits for all of it; run in
 * batches, the writer waits at most for the one batch holding its row.
 */
@RealDatabase(Engine.POSTGRESQL)
class BatchingUnderLoadTest {
    private static final int ROWS = 300_000;
    private static final String BACKFILL = "UPDATE people SET full_name = name || ' ' || id WHERE full_name IS NULL";
    private static final String WRITE = "UPDATE people SET visits = visits + 1 WHERE id = (random() * " + (ROWS - 1) + ")::int + 1";

    private final TestDatabase db;

    BatchingUnderLoadTest(TestDatabase db) {
        this.db = db;
    }

    private void freshTable() throws Exception {
        db.execute("DROP TABLE IF EXISTS people",
                "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, full_name text, visits int NOT NULL DEFAULT 0)",
                "INSERT INTO people (id, name) SELECT g, 'name' || g FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE people");
    }

    @Test
    void theWriterWaitsForOneBatchNotForTheWholeBackfill() throws Exception {
        freshTable();
        long bareMillis;
        long bareWorst;
        try (Writer writer = new Writer(db.openBare(), WRITE, 120)) {
            Thread.sleep(200);
            writer.resetWorst();
            try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                bareMillis = millis(() -> assertThat(st.executeUpdate(BACKFILL)).isEqualTo(ROWS));
            }
            bareWorst = writer.worstMillis();
        }

        freshTable();
        long safeMillis;
        long safeWorst;
        long[] count = new long[1];
        try (Writer writer = new Writer(db.openBare(), WRITE, 120)) {
            Thread.sleep(200);
            writer.resetWorst();
            try (Connection c = db.openSafe(); Statement st = c.createStatement()) {
                safeMillis = millis(() -> count[0] = st.executeUpdate(BACKFILL));
            }
            safeWorst = writer.worstMillis();
        }
        System.out.printf("Backfill of %d rows: one statement %d ms, writer's worst %d ms;"
                + " batched %d ms, writer's worst %d ms%n", ROWS, bareMillis, bareWorst, safeMillis, safeWorst);

        assertThat(count[0]).as("the exact count, as one statement").isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM people WHERE full_name IS DISTINCT FROM name || ' ' || id")).isZero();
        assertThat(bareWorst).as("one statement: the writer waits until it commits").isGreaterThanOrEqualTo(bareMillis / 2);
        assertThat(safeWorst).as("batched: the writer waits at most one batch (target 200 ms) plus a margin")
                .isLessThan(1000).isLessThan(Math.max(bareWorst / 2, 1));
    }
}
