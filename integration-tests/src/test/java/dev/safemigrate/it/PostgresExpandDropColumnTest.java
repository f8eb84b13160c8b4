package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.KillPoint;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code policy.dropColumn=expand} on real PostgreSQL: the drop keeps the column for old code (made nullable for
 * new code's inserts) and its data in an archive table that a trigger keeps current while the existing rows are
 * copied in batches; {@code /* safemigrate:contract *}{@code /} on the same drop drops the column and keeps the
 * archive; {@code /* safemigrate:rollback *}{@code /} drops the archive and keeps the column.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresExpandDropColumnTest {
    static final int ROWS = 20_000;
    static final String SETTINGS = "safemigrate.policy.dropColumn=expand&safemigrate.batch.minRows=1000"
            + "&safemigrate.batch.maxSize=1000&safemigrate.lockTimeout=20s&ApplicationName=" + KillPoint.VICTIM;
    static final String DROP = "ALTER TABLE profiles DROP COLUMN nickname";
    static final String ARCHIVE = "profiles_sm_archive_nickname";
    /** The rows of the table whose archived value differs from the column's, or that the archive lacks. */
    static final String DIFFERENCES = "SELECT count(*) FROM profiles p LEFT JOIN " + ARCHIVE + " a USING (id)"
            + " WHERE a.id IS NULL OR a.nickname IS DISTINCT FROM p.nickname";

    private final TestDatabase db;

    PostgresExpandDropColumnTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP EVENT TRIGGER IF EXISTS sm_test_trap",
                "DROP TABLE IF EXISTS profiles, " + ARCHIVE + ", safemigrate_expansions, safemigrate_batch_journal",
                "CREATE TABLE profiles (id bigint PRIMARY KEY, nickname text NOT NULL, bio text)",
                "INSERT INTO profiles SELECT g, 'n' || g, 'b' || g FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE profiles");
    }

    private void run(String sql) throws SQLException {
        try (Connection c = db.openSafe(SETTINGS); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void killed(KillPoint point, String sql) throws Exception {
        try (point) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> run(sql));
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(point.killed()).as("killed at its point; the statement failed with %s", failure).isTrue();
        }
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private long columns(String table, String column) throws SQLException {
        return count("SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('" + table + "')"
                + " AND attname = '" + column + "' AND NOT attisdropped");
    }

    private long triggers() throws SQLException {
        return count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'profiles'::regclass AND NOT tgisinternal");
    }

    @Test
    void oldAndNewCodeKeepWritingTheArchiveStaysCurrentAndTheContractKeepsIt() throws Exception {
        try (ColumnWriter oldCode = new ColumnWriter(db.openBare(), "profiles", "nickname", 1_000_000, ROWS, 240)) {
            Thread.sleep(200);
            run(DROP);
            assertThat(columns("profiles", "nickname")).as("the column stays for old code").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'profiles'::regclass"
                    + " AND attname = 'nickname' AND attnotnull")).as("made nullable for new code").isZero();
            assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);

            DdlProbe probe = DdlProbe.install(db);
            try {
                run(DROP); // the migration again (a re-run): nothing to do, the column is not dropped
                assertThat(probe.statements()).isEmpty();
            } finally {
                probe.close();
            }

            // new code, deployed after the expansion, no longer names the column
            try (ColumnWriter newCode = new ColumnWriter(db.openBare(), "profiles", "bio", 2_000_000, ROWS, 240)) {
                Thread.sleep(700);
                oldCode.close();
                newCode.close();
                assertThat(newCode.inserts()).isPositive();
            }
            assertThat(oldCode.inserts()).isPositive();
            assertThat(count(DIFFERENCES)).as("the archive holds every row's value").isZero();
            assertThat(count("SELECT count(*) FROM " + ARCHIVE)).isEqualTo(count("SELECT count(*) FROM profiles"));
            assertThat(count("SELECT count(*) FROM " + ARCHIVE + " WHERE nickname LIKE 'nickname-u%'"))
                    .as("old code's updates reached the archive").isPositive();
        }

        try (ColumnWriter newCode = new ColumnWriter(db.openBare(), "profiles", "bio", 3_000_000, ROWS, 240)) {
            Thread.sleep(200);
            run("/* safemigrate:contract */ " + DROP);
            Thread.sleep(300);
            assertThat((Object) newCode.failure()).as("new code kept writing through the contract").isNull();
        }
        assertThat(columns("profiles", "nickname")).as("dropped by the contract").isZero();
        assertThat(triggers()).isZero();
        assertThat(columns(ARCHIVE, "nickname")).as("the archive stays").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + ARCHIVE + " WHERE id <= " + ROWS)).isEqualTo(ROWS);
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'contracted'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_proc WHERE proname LIKE 'safemigrate_archive_%'"
                + " AND pronamespace = current_schema()::regnamespace")).isZero();
    }

    @Test
    void killedMidCopyAReRunConvergesWhileOldCodeWrites() throws Exception {
        // Old code updates only the first quarter of the rows: an update of the archive row held below (ROWS / 2)
        // would make the writer wait for the holder while holding ROW EXCLUSIVE on the table.
        try (ColumnWriter oldCode = new ColumnWriter(db.openBare(), "profiles", "nickname", 1_000_000, ROWS / 4, 240)) {
            // 1) after the archive table, before the trigger
            killed(KillPoint.beforeDdl(db, "^CREATE OR REPLACE FUNCTION"), DROP);
            assertThat(columns(ARCHIVE, "nickname")).isEqualTo(1);
            assertThat(triggers()).isZero();

            // 2) in the middle of the copy: a batch waits for an archive row another session is inserting
            try (Connection holder = db.openBare(); Statement h = holder.createStatement()) {
                holder.setAutoCommit(false);
                h.execute("INSERT INTO " + ARCHIVE + " VALUES (" + (ROWS / 2) + ", 'held')");
                killed(KillPoint.whileWaitingForALock(db, "%INSERT INTO%" + ARCHIVE + "%SELECT%"), DROP);
                holder.rollback();
            }
            assertThat(count("SELECT count(*) FROM " + ARCHIVE + " WHERE id <= " + ROWS))
                    .as("part of the copy committed").isBetween(1L, ROWS - 1L);
            assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanding'")).isEqualTo(1);

            run(DROP);
            Thread.sleep(300);
            oldCode.close();
            assertThat((Object) oldCode.failure()).as("old code never failed").isNull();
        }
        assertThat(count("SELECT count(*) FROM safemigrate_expansions")).as("one record for all the runs").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);
        assertThat(count(DIFFERENCES)).isZero();
        assertThat(triggers()).isEqualTo(1);
    }

    @Test
    void aRollbackDropsTheArchiveAndTheTriggerAndKeepsTheColumnNullable() throws Exception {
        run(DROP);
        db.execute("INSERT INTO profiles (id, bio) VALUES (5000000, 'new code')");
        assertThatThrownBy(() -> run("ALTER TABLE profiles ALTER COLUMN nickname SET NOT NULL"))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("Contract it first");
        run("/* safemigrate:rollback */ " + DROP);
        assertThat(columns("profiles", "nickname")).isEqualTo(1);
        assertThat(count("SELECT (to_regclass('" + ARCHIVE + "') IS NULL)::int")).isEqualTo(1);
        assertThat(triggers()).isZero();
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'rolled back'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM profiles WHERE nickname IS NULL")).isEqualTo(1);
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        db.execute("ALTER TABLE profiles DROP CONSTRAINT profiles_pkey");
        assertThatThrownBy(() -> run(DROP)).isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("no primary key").hasMessageContaining("nothing was sent");
        assertThat(columns("profiles", "nickname")).isEqualTo(1);
        assertThat(count("SELECT (to_regclass('safemigrate_expansions') IS NULL)::int")).isEqualTo(1);
    }
}
