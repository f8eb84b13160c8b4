package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.KillPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An expansion whose backend is killed at every step — after the column, after the triggers (mid-backfill),
 * at a VALIDATE, in a concurrent index build, in the contract — while old code keeps writing: each re-run of
 * the same statement resumes, and at the end every row is equal in both columns, nothing is left INVALID or
 * half-made, and the contract is all or nothing.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresExpandCrashTest {
    static final int ROWS = 20_000;
    static final String SETTINGS = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.batch.maxSize=1000&safemigrate.lockTimeout=20s"
            + "&ApplicationName=" + KillPoint.VICTIM;
    static final String RENAME = "ALTER TABLE users RENAME COLUMN name TO full_name";

    private final TestDatabase db;

    PostgresExpandCrashTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP EVENT TRIGGER IF EXISTS sm_test_trap", "DROP TABLE IF EXISTS users, safemigrate_expansions",
                "DROP TABLE IF EXISTS safemigrate_batch_journal",
                "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'anonymous',"
                        + " CONSTRAINT users_name_length CHECK (length(name) < 100))",
                "CREATE INDEX users_name_idx ON users (name)",
                "INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g", "ANALYZE users");
    }

    private void runVictim(String sql) throws SQLException {
        try (Connection c = db.openSafe(SETTINGS); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs the statement with the kill point armed: the victim must die there. */
    private void killed(KillPoint point, String sql) throws Exception {
        try (point) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> runVictim(sql));
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(point.killed()).as("killed at its point; the statement failed with %s", failure).isTrue();
        }
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    @Test
    void killedAtEveryStepTheExpansionAndItsContractConvergeOnReRun() throws Exception {
        // Old code updates only the first quarter of the rows: the row held below (ROWS / 2) is never one of them,
        // or the writer would wait for it holding ROW EXCLUSIVE and no trigger could be created until the holder ends.
        try (ColumnWriter oldCode = new ColumnWriter(db.openBare(), "users", "name", 1_000_000, ROWS / 4, 240)) {
            // 1) after the column, before the triggers
            killed(KillPoint.beforeDdl(db, "^CREATE OR REPLACE FUNCTION"), RENAME);
            assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                    + " AND attname = 'full_name'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                    .isZero();

            // 2) after the triggers, in the middle of the backfill: a batch waits for a row another session holds
            try (Connection holder = db.openBare(); Statement h = holder.createStatement()) {
                holder.setAutoCommit(false);
                h.executeQuery("SELECT * FROM users WHERE id = " + (ROWS / 2) + " FOR UPDATE").close();
                killed(KillPoint.whileWaitingForALock(db, "%UPDATE%full_name%"), RENAME);
                holder.rollback();
            }
            assertThat(count("SELECT count(*) FROM users WHERE full_name IS NOT NULL AND id <= " + ROWS))
                    .as("part of the backfill committed").isBetween(1L, ROWS - 1L);

            // 3) at the VALIDATE of a copied constraint
            killed(KillPoint.beforeDdl(db, "VALIDATE CONSTRAINT"), RENAME);

            // 4) in the concurrent build of the index copy, waiting for an older snapshot: left INVALID
            try (Connection snapshot = db.openBare(); Statement s = snapshot.createStatement()) {
                snapshot.setAutoCommit(false);
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.executeQuery("SELECT 1").close();
                killed(KillPoint.whileWaitingForALock(db, "CREATE INDEX CONCURRENTLY%"), RENAME);
                snapshot.rollback();
            }
            assertThat(count("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid"))
                    .as("the killed build left its INVALID index").isEqualTo(1);

            runVictim(RENAME);
            assertThat((Object) oldCode.failure()).as("old code never failed").isNull();
            assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM safemigrate_expansions")).as("one record for all the runs").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid")).isZero();
            assertThat(count("SELECT count(*) FROM pg_indexes WHERE tablename = 'users' AND schemaname = current_schema()"
                    + " AND indexdef LIKE '%(full_name)'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass"
                    + " AND conname LIKE 'safemigrate%'")).as("no helper constraint left").isZero();
            assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND convalidated"
                    + " AND conname = 'users_full_name_length'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                    .isEqualTo(3);
            Thread.sleep(200);
            oldCode.close();
            assertThat(count("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name")).isZero();
            assertThat(count("SELECT count(*) FROM users WHERE id >= 1000000")).as("old code's inserts all there, once")
                    .isEqualTo(oldCode.inserts()).isPositive();
            assertThat(count("SELECT count(*) FROM users WHERE id <= " + ROWS)).isEqualTo(ROWS);
        }
        long rows = count("SELECT count(*) FROM users");

        // 5) the contract, killed in its middle: all or nothing
        killed(KillPoint.beforeDdl(db, "DROP COLUMN \"name\""), "ALTER TABLE users DROP COLUMN name");
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'"))
                .as("the old column is still there").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                .as("its triggers too").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);

        runVictim("ALTER TABLE users DROP COLUMN name");
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'contracted'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM users")).as("no row lost").isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM users WHERE full_name IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE tablename = 'users' AND schemaname = current_schema()"
                + " AND indexname = 'users_name_idx' AND indexdef LIKE '%(full_name)'")).isEqualTo(1);
    }
}
