package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code policy.renameColumn=expand} on real PostgreSQL: a plain {@code RENAME COLUMN} becomes the expand half
 * of expand/contract while old code (writing the old name) and new code (writing the new name) keep writing;
 * {@code DROP COLUMN <old>} contracts it, renaming back rolls it back.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresExpandRenameColumnTest {
    static final int ROWS = 20_000;
    static final String EXPAND = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.batch.maxSize=2000&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    PostgresExpandRenameColumnTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS users, teams, tickets CASCADE", "DROP TABLE IF EXISTS safemigrate_expansions",
                "CREATE TABLE teams (id int PRIMARY KEY, label text UNIQUE)",
                "INSERT INTO teams SELECT g, 't' || g FROM generate_series(0, 9) g",
                "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'anonymous',"
                        + " team int DEFAULT 1, CONSTRAINT users_name_length CHECK (length(name) < 100),"
                        + " CONSTRAINT users_team_fkey FOREIGN KEY (team) REFERENCES teams (id))",
                "CREATE INDEX users_name_idx ON users (name)",
                "CREATE INDEX users_lower_name ON users (lower(name)) WHERE team IS NOT NULL",
                "CREATE UNIQUE INDEX users_team_name_key ON users (team, name)",
                "COMMENT ON COLUMN users.name IS 'display name'",
                "INSERT INTO users SELECT g, 'n' || g, g % 10 FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE users");
    }

    private void run(String params, String sql) throws SQLException {
        try (Connection c = db.openSafe(params); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String where) throws SQLException {
        return db.queryLong("SELECT count(*) FROM users WHERE " + where);
    }

    private String status() throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT string_agg(status, ',' ORDER BY id) FROM safemigrate_expansions")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String indexes() throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes"
                     + " WHERE schemaname = current_schema() AND tablename = 'users'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void oldAndNewCodeBothWorkFromExpansionToContract() throws Exception {
        DdlProbe probe = DdlProbe.install(db);
        ColumnWriter oldCode = new ColumnWriter(db.openBare(), "users", "name", 1_000_000, ROWS, 120);
        ColumnWriter newCode = null;
        try {
            Thread.sleep(200);
            run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
            assertThat((Object) oldCode.failure()).as("old code kept working through the expansion").isNull();
            assertThat(status()).isEqualTo("expanded");
            List<String> sent = probe.statements();
            assertThat(sent).isNotEmpty().noneMatch(s -> s.contains("RENAME COLUMN"));

            newCode = new ColumnWriter(db.openBare(), "users", "full_name", 2_000_000, ROWS, 120);
            Thread.sleep(1500);
            assertThat(oldCode.writes()).isPositive();
            assertThat(newCode.writes()).isPositive();
            oldCode.close();
            assertThat(oldCode.worstMillis()).as("old code's longest write during the expansion").isLessThan(1500);
            assertThat(count("full_name IS DISTINCT FROM name")).as("rows that differ").isZero();
            assertThat(count("id >= 2000000 AND name LIKE 'full_name-%'")).as("new code's rows seen by old code")
                    .isPositive();
            assertThat(count("id BETWEEN 1000000 AND 1999999 AND full_name LIKE 'name-%'"))
                    .as("old code's rows seen by new code").isPositive();
            assertThat(indexes()).contains("users_full_name_idx ON " + db.schema() + ".users USING btree (full_name)",
                    "(lower(full_name)) WHERE (team IS NOT NULL)", "UNIQUE INDEX users_team_full_name_key");

            newCode.resetWorst();
            run(EXPAND, "ALTER TABLE users DROP COLUMN name");
            assertThat(status()).isEqualTo("contracted");
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                    + " AND attname = 'name' AND NOT attisdropped")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass")).as("triggers")
                    .isEqualTo(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass"
                            + " AND tgisinternal"));
            assertThat(indexes()).contains("users_name_idx ON " + db.schema() + ".users USING btree (full_name)",
                    "users_lower_name ON", "users_team_name_key ON");
            assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND convalidated"
                    + " AND conname IN ('users_name_length', 'users_team_fkey')")).isEqualTo(2);
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                    + " AND attname = 'full_name' AND attnotnull")).as("NOT NULL carried over").isEqualTo(1);
            db.execute("INSERT INTO users (id) VALUES (5000000)");
            assertThat(count("id = 5000000 AND full_name = 'anonymous'")).as("the default carried over").isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_description WHERE objoid = 'users'::regclass"
                    + " AND description = 'display name'")).as("the comment carried over").isEqualTo(1);
            Thread.sleep(300);
            assertThat((Object) newCode.failure()).as("new code kept working through the contract").isNull();
            assertThat(newCode.worstMillis()).isLessThan(1500);
        } finally {
            oldCode.close();
            if (newCode != null) {
                newCode.close();
            }
            probe.close();
        }
    }

    @Test
    void planWithUrlShowsWhatTheExpansionCopiesAndThatALaterDropIsItsContract() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("expand-plan");
        java.nio.file.Files.writeString(dir.resolve("V2__rename.sql"), "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
        String before = plan(dir);
        assertThat(before).contains("[expand]", "CREATE INDEX CONCURRENTLY \"users_full_name_idx\"",
                "users_full_name_length", "until you contract it");
        run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
        java.nio.file.Files.writeString(dir.resolve("V2__rename.sql"), "ALTER TABLE users DROP COLUMN name;\n");
        assertThat(plan(dir)).contains("[contract]", "contracting expansion 1");
    }

    private String plan(java.nio.file.Path dir) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = dev.safemigrate.cli.Main.run(List.of("plan", "--url", db.bareUrl(), "--user", db.user(),
                        "--set", "safemigrate.policy.renameColumn=expand", "--set", "safemigrate.rewrite.minRows=1000",
                        "--fail-on", "never", dir.toString()),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aSerialColumnKeepsItsSequenceThroughTheContract() throws Exception {
        db.execute("DROP TABLE IF EXISTS tickets", "CREATE TABLE tickets (id bigint PRIMARY KEY, number serial)",
                "INSERT INTO tickets (id) SELECT g FROM generate_series(1, 2000) g", "ANALYZE tickets");
        run(EXPAND + "&safemigrate.rewrite.minRows=0", "ALTER TABLE tickets RENAME COLUMN number TO ticket_no");
        db.execute("INSERT INTO tickets (id) VALUES (5000)");
        assertThat(db.queryLong("SELECT ticket_no FROM tickets WHERE id = 5000")).as("old default, copied by the trigger")
                .isEqualTo(2001);
        run(EXPAND, "ALTER TABLE tickets DROP COLUMN number");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'tickets_number_seq'"
                + " AND relnamespace = current_schema()::regnamespace")).as("the sequence survived").isEqualTo(1);
        db.execute("INSERT INTO tickets (id) VALUES (5001)");
        assertThat(db.queryLong("SELECT ticket_no FROM tickets WHERE id = 5001")).isEqualTo(2002);
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_get_serial_sequence('tickets', 'ticket_no')")) {
            rs.next();
            assertThat(rs.getString(1)).endsWith("tickets_number_seq");
        }
    }

    @Test
    void insideATransactionWithPolicyKeepItIsRefusedNotRunAsWritten() throws Exception {
        try (Connection c = db.openSafe(EXPAND + "&safemigrate.transactionPolicy=keep"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> st.execute("ALTER TABLE users RENAME COLUMN name TO full_name"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("transactionPolicy=keep would run it as written")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            c.rollback();
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'name' AND NOT attisdropped")).as("not renamed").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name'")).isZero();
    }

    @Test
    void renamingBackRollsTheExpansionBack() throws Exception {
        run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
        run(EXPAND, "ALTER TABLE users RENAME COLUMN full_name TO name");
        assertThat(status()).isEqualTo("rolled back");
        assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name' AND NOT attisdropped")).isZero();
        assertThat(count("name = 'n' || id")).isEqualTo(ROWS);
        assertThat(indexes()).doesNotContain("full_name");
    }

    @Test
    void whatCannotBeCarriedOverIsRefusedAndNothingIsSent() throws Exception {
        db.execute("CREATE VIEW user_names AS SELECT id, name FROM users");
        assertThatThrownBy(() -> run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name"))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("nothing was sent")
                .hasMessageContaining("view user_names")
                .hasMessageContaining("/* safemigrate:allow rename-column */")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM001"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                + " AND attname = 'full_name'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                + " AND tablename = 'safemigrate_expansions'")).isZero();
    }

    @Test
    void anotherChangeToAnExpandedColumnIsRefused() throws Exception {
        run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
        assertThatThrownBy(() -> run(EXPAND, "ALTER TABLE users DROP COLUMN name CASCADE"))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("expansion 1")
                .hasMessageContaining("Contract it first");
        assertThat(status()).isEqualTo("expanded");
    }

    @Test
    void reRunningTheStatementOfADoneExpansionSendsNothing() throws Exception {
        run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
        DdlProbe probe = DdlProbe.install(db);
        try {
            run(EXPAND, "ALTER TABLE users RENAME COLUMN name TO full_name");
            List<String> sent = probe.statements();
            assertThat(sent).isEmpty();
        } finally {
            probe.close();
        }
        assertThat(status()).isEqualTo("expanded");
    }
}
