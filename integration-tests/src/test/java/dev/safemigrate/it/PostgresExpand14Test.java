package dev.safemigrate.it;

import dev.safemigrate.it.support.ColumnWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rename expansion and its contract on PostgreSQL 14, whatever server the environment names (15 here and
 * in CI): its own embedded server (zonky's default binaries, 14.x) so the oldest major we test the expansion on
 * is covered in every run. Old code writes {@code name} from before the expansion, new code {@code full_name}
 * after it, and both keep working; the contract leaves the schema a plain rename would have made.
 */
class PostgresExpand14Test {
    private static final int ROWS = 20_000;
    private static final String PARAMS = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.batch.maxSize=2000&safemigrate.lockTimeout=1s";

    private static EmbeddedPostgres pg;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.builder().start();
        url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private static Connection bare() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static void run(String params, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:safemigrate:" + url.substring("jdbc:".length()) + "?"
                + params, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void execute(String... sql) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    @Test
    void expandsAndContractsOnPostgres14WhileOldAndNewCodeWrite() throws Exception {
        assertThat(count("SELECT current_setting('server_version_num')::int / 10000")).as("server major version")
                .isEqualTo(14);
        execute("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'anonymous',"
                        + " CONSTRAINT users_name_length CHECK (length(name) < 100))",
                "CREATE INDEX users_name_idx ON users (name)",
                "INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g", "ANALYZE users");

        ColumnWriter newCode = null;
        try (ColumnWriter oldCode = new ColumnWriter(bare(), "users", "name", 1_000_000, ROWS, 120)) {
            Thread.sleep(200);
            run(PARAMS, "ALTER TABLE users RENAME COLUMN name TO full_name");
            assertThat(text("SELECT string_agg(status, ',') FROM safemigrate_expansions")).isEqualTo("expanded");
            assertThat((Object) oldCode.failure()).as("old code kept working through the expansion").isNull();

            newCode = new ColumnWriter(bare(), "users", "full_name", 2_000_000, ROWS, 120);
            Thread.sleep(1500);
            assertThat(oldCode.writes()).isPositive();
            assertThat(newCode.writes()).isPositive();
            oldCode.close();
            assertThat(oldCode.worstMillis()).as("old code's longest write, ms (lock timeout 1 s)").isLessThan(1500);
            assertThat(count("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name")).as("rows that differ")
                    .isZero();
            assertThat(count("SELECT count(*) FROM users WHERE id >= 2000000 AND name LIKE 'full_name-%'"))
                    .as("new code's rows seen by old code").isPositive();
            assertThat(count("SELECT count(*) FROM users WHERE id BETWEEN 1000000 AND 1999999"
                    + " AND full_name LIKE 'name-%'")).as("old code's rows seen by new code").isPositive();
            assertThat(count("SELECT count(*) FROM pg_index WHERE indrelid = 'users'::regclass AND NOT indisvalid"))
                    .isZero();

            newCode.resetWorst();
            run(PARAMS, "ALTER TABLE users DROP COLUMN name");
            Thread.sleep(300);
            assertThat((Object) newCode.failure()).as("new code kept working through the contract").isNull();
            assertThat(newCode.worstMillis()).as("new code's longest write, ms").isLessThan(1500);
        } finally {
            if (newCode != null) {
                newCode.close();
            }
        }

        assertThat(text("SELECT string_agg(status, ',') FROM safemigrate_expansions")).isEqualTo("contracted");
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'"
                + " AND NOT attisdropped")).as("old column gone").isZero();
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name' AND attnotnull")).as("full_name NOT NULL").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'users'"
                + " AND indexname = 'users_name_idx' AND indexdef LIKE '%USING btree (full_name)'"))
                .as("the index copy under the original's name").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND convalidated"
                + " AND conname = 'users_name_length' AND pg_get_constraintdef(oid) LIKE '%full_name%'"))
                .as("the CHECK copy under the original's name").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"))
                .as("sync triggers dropped").isZero();
        execute("INSERT INTO users (id) VALUES (5000000)");
        assertThat(text("SELECT full_name FROM users WHERE id = 5000000")).as("the default carried over")
                .isEqualTo("anonymous");
        assertThat(count("SELECT count(*) FROM users WHERE full_name IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM users WHERE id <= " + ROWS)).isEqualTo(ROWS);
    }
}
