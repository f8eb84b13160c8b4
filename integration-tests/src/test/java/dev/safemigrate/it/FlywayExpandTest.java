package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.KillPoint;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Expand/contract of a column rename through real Flyway on {@code jdbc:safemigrate:postgresql:}: V2's plain
 * {@code RENAME COLUMN} arrives inside Flyway's migration transaction, the driver commits it (transactionPolicy
 * split) and runs the expansion in autocommit while old code (writing {@code name}) and new code (writing
 * {@code full_name}) keep writing; V3's {@code DROP COLUMN name} is the contract. A backend killed in the middle
 * of V2 fails the migration, and the next {@code migrate()} resumes the expansion.
 */
@RealDatabase(Engine.POSTGRESQL)
class FlywayExpandTest {
    private static final int ROWS = 20_000;
    private static final String PARAMS = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    @TempDir
    Path migrations;

    FlywayExpandTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws Exception {
        // Flyway wants an empty schema (or its history table): start each test from a fresh one.
        db.execute("DROP EVENT TRIGGER IF EXISTS sm_test_trap",
                "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        write("V1__users.sql", """
                CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE INDEX users_name_idx ON users (name);
                INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, ROWS) g;
                """.replace("ROWS", Integer.toString(ROWS)));
        write("V2__rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private Flyway flyway(String params, String target) {
        return Flyway.configure().dataSource(db.safeUrl(params), db.user(), db.password())
                .locations("filesystem:" + migrations).target(target).load();
    }

    /** V1 applied and analysed: the table is a big one in the catalog's eyes, as it is by the time of a rename. */
    private void v1() throws SQLException {
        assertThat(flyway(PARAMS, "1").migrate().migrationsExecuted).isEqualTo(1);
        db.execute("ANALYZE users");
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    /** The history rows of one version, {@code success} as t/f each, in order; empty when none. */
    private String history(String version) throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(string_agg(success::text, ',' ORDER BY installed_rank), '')"
                     + " FROM flyway_schema_history WHERE version = '" + version + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String status() throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(status, ',' ORDER BY id) FROM safemigrate_expansions")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void v2ExpandsWhileOldAndNewCodeWriteAndV3Contracts() throws Exception {
        v1();
        ColumnWriter newCode = null;
        try (ColumnWriter oldCode = new ColumnWriter(db.openBare(), "users", "name", 1_000_000, ROWS, 120)) {
            Thread.sleep(200);
            MigrateResult v2 = flyway(PARAMS, "2").migrate();
            assertThat(v2.success).isTrue();
            assertThat(v2.migrationsExecuted).isEqualTo(1);
            assertThat(status()).isEqualTo("expanded");
            assertThat((Object) oldCode.failure()).as("old code kept working through V2").isNull();

            newCode = new ColumnWriter(db.openBare(), "users", "full_name", 2_000_000, ROWS, 120);
            Thread.sleep(1500);
            assertThat(oldCode.writes()).isPositive();
            assertThat(newCode.writes()).isPositive();
            oldCode.close(); // old code retired: the deploy of new code is done
            assertThat(oldCode.worstMillis()).as("old code's longest write, ms (lock timeout 1 s)").isLessThan(1500);
            assertThat(count("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name")).as("rows that differ")
                    .isZero();
            assertThat(count("SELECT count(*) FROM users WHERE id >= 2000000 AND name LIKE 'full_name-%'"))
                    .as("new code's rows seen by old code").isPositive();
            assertThat(count("SELECT count(*) FROM users WHERE id BETWEEN 1000000 AND 1999999"
                    + " AND full_name LIKE 'name-%'")).as("old code's rows seen by new code").isPositive();

            write("V3__contract.sql", "ALTER TABLE users DROP COLUMN name;\n");
            newCode.resetWorst();
            MigrateResult v3 = flyway(PARAMS, "latest").migrate();
            assertThat(v3.success).isTrue();
            assertThat(v3.migrationsExecuted).isEqualTo(1);
            Thread.sleep(300);
            assertThat((Object) newCode.failure()).as("new code kept working through V3").isNull();
            assertThat(newCode.writes()).isPositive();
            assertThat(newCode.worstMillis()).as("new code's longest write, ms (lock timeout 1 s)").isLessThan(1500);
        } finally {
            if (newCode != null) {
                newCode.close();
            }
        }

        assertThat(history("2")).isEqualTo("true");
        assertThat(history("3")).isEqualTo("true");
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        assertThat(status()).isEqualTo("contracted");
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attnum > 0"
                + " AND NOT attisdropped AND attname = 'name'")).as("old column gone").isZero();
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name' AND attnotnull")).as("full_name NOT NULL").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'users'"
                + " AND indexname = 'users_name_idx' AND indexdef LIKE '%USING btree (full_name)'"))
                .as("the index copy under the original's name").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid")).isZero();
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                .as("sync triggers dropped").isZero();
        assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass"
                + " AND conname LIKE 'safemigrate%'")).as("no helper constraint left").isZero();
        assertThat(count("SELECT count(*) FROM users WHERE full_name IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM users WHERE id <= " + ROWS)).isEqualTo(ROWS);
    }

    @Test
    void aBackendKilledInV2FailsTheMigrationAndTheNextMigrateResumesIt() throws Exception {
        v1();
        long oldInserts;
        try (ColumnWriter oldCode = new ColumnWriter(db.openBare(), "users", "name", 1_000_000, ROWS, 120)) {
            Flyway victim = flyway(PARAMS + "&ApplicationName=" + KillPoint.VICTIM, "2");
            Throwable failure;
            try (KillPoint point = KillPoint.beforeDdl(db, "VALIDATE CONSTRAINT")) {
                failure = catchThrowable(victim::migrate);
                assertThat(point.killed()).as("killed at the VALIDATE of the NOT NULL check; migrate gave %s", failure)
                        .isTrue();
            }
            assertThat(failure).isInstanceOf(FlywayException.class).hasMessageContaining("V2__rename.sql");
            // Half done: the new column, its triggers and the backfill committed (the driver split Flyway's
            // transaction), the record says so.
            assertThat(status()).isEqualTo("expanding");
            assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                    .isEqualTo(3);
            // What Flyway recorded: nothing, so no repair() is needed. Flyway (DbMigrate) writes a failed row only
            // when the database has no transactional DDL or the migration ran outside a transaction; V2 ran in
            // one on PostgreSQL, so Flyway takes the failure for a rollback and leaves the history alone. (It
            // could not have written one anyway: with the session advisory lock the plugin chooses, Flyway runs
            // migrations and history on one connection, the one that was killed.) Flyway cannot know the
            // driver had committed part of V2: the driver's record, status expanding, remembers it, and the
            // next migrate() runs V2 again, which resumes the expansion.
            assertThat(history("2")).as("Flyway's history of V2 after the failure").isEmpty();
            assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
            assertThat(flyway(PARAMS, "2").info().pending()).as("Flyway still sees V2 as pending")
                    .extracting(i -> i.getVersion().getVersion()).containsExactly("2");

            MigrateResult again = flyway(PARAMS, "2").migrate();
            assertThat(again.success).isTrue();
            assertThat(again.migrationsExecuted).isEqualTo(1);
            Thread.sleep(200);
            assertThat((Object) oldCode.failure()).as("old code never failed").isNull();
            oldCode.close();
            oldInserts = oldCode.inserts();
        }
        assertThat(history("2")).isEqualTo("true");
        assertThat(status()).as("exactly one record, finished").isEqualTo("expanded");
        assertThat(count("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name")).isZero();
        assertThat(count("SELECT count(*) FROM users WHERE id >= 1000000")).as("old code's inserts all there, once")
                .isEqualTo(oldInserts).isPositive();
        assertThat(count("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid")).isZero();
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'users'"
                + " AND indexdef LIKE '%USING btree (full_name)'")).as("the index copy").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass"
                + " AND conname LIKE 'safemigrate%'")).as("no helper constraint left").isZero();
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name' AND attnotnull")).as("full_name NOT NULL").isEqualTo(1);
    }
}
