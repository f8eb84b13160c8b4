package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status}, {@code contract} and {@code rollback} on real PostgreSQL, as an operator runs them after a
 * migration expanded a column rename ({@code policy.renameColumn=expand}): the listing, the contract that drops
 * the old column, the rollback that keeps it, and the errors a wrong ID or an unfinished expansion gives.
 */
@RealDatabase(Engine.POSTGRESQL)
class ExpansionCommandsTest {
    static final int ROWS = 2000;
    static final String EXPAND = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=0";

    private final TestDatabase db;

    ExpansionCommandsTest(TestDatabase db) {
        this.db = db;
    }

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS users", "DROP TABLE IF EXISTS safemigrate_expansions",
                "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text)",
                "INSERT INTO users SELECT g, 'n' || g, 'u' || g || '@example.com' FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE users");
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--user", db.user(), "--password", db.password()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long expand(String from, String to) throws SQLException {
        try (Connection c = db.openSafe(EXPAND); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE users RENAME COLUMN " + from + " TO " + to);
        }
        return db.queryLong("SELECT id FROM safemigrate_expansions WHERE old_name = '" + from + "' AND status = 'expanded'");
    }

    private String status(long id) throws SQLException {
        try (Connection c = db.openBare();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM safemigrate_expansions WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long columns(String name) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = '" + name
                + "' AND NOT attisdropped");
    }

    private boolean statStatementsInstalled() throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'") > 0;
    }

    @Test
    void statusListsThePendingExpansionAndContractDropsTheOldColumn() throws Exception {
        long id = expand("name", "full_name");

        Result status = cli("status", "--url", db.bareUrl());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("(record table " + db.schema() + ".safemigrate_expansions): 1 pending, 0 finished")
                .contains(id + "  rename-column  " + db.schema() + ".users  name → full_name  expanded  created 0 min ago")
                .contains("statement: ALTER TABLE users RENAME COLUMN name TO full_name")
                .contains("next: safemigrate contract " + id);
        if (!statStatementsInstalled()) {
            assertThat(status.out()).contains("old column name: pg_stat_statements not installed: cannot tell");
        }
        assertThat(cli("status", "--url", db.safeUrl()).out()).as("a jdbc:safemigrate: URL works too")
                .contains("name → full_name  expanded");

        Result contract = cli("contract", "--url", db.bareUrl(), String.valueOf(id));
        assertThat(contract.code()).as(contract.err()).isZero();
        assertThat(contract.out()).contains("Contracting expansion " + id + " (rename-column of name to full_name on "
                        + db.schema() + ".users): ALTER TABLE \"" + db.schema() + "\".\"users\" DROP COLUMN \"name\"")
                .contains("Expansion " + id + " contracted");
        assertThat(columns("name")).as("the old column").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE full_name = 'n' || id")).isEqualTo(ROWS);
        assertThat(status(id)).isEqualTo("contracted");
        db.execute("INSERT INTO users (id, full_name) VALUES (" + (ROWS + 1) + ", 'after')");

        Result after = cli("status", "--url", db.bareUrl());
        assertThat(after.out()).contains("0 pending, 1 finished").contains("--all lists them")
                .doesNotContain("name → full_name");
        assertThat(cli("status", "--url", db.bareUrl(), "--all").out()).contains("name → full_name  contracted")
                .doesNotContain("next:");
    }

    @Test
    void rollbackDropsTheNewColumnAndKeepsTheOldData() throws Exception {
        long id = expand("name", "full_name");

        Result rollback = cli("rollback", "--url", db.safeUrl(), String.valueOf(id));
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("RENAME COLUMN \"full_name\" TO \"name\"")
                .contains("Expansion " + id + " rolled back");
        assertThat(columns("full_name")).as("the new column").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE name = 'n' || id")).isEqualTo(ROWS);
        assertThat(status(id)).isEqualTo("rolled back");
        db.execute("INSERT INTO users (id, name) VALUES (" + (ROWS + 1) + ", 'after')");

        Result again = cli("rollback", "--url", db.bareUrl(), String.valueOf(id));
        assertThat(again.code()).isEqualTo(Main.FAILED_CHECK);
        assertThat(again.err()).contains("expansion " + id + " (rename-column of name to full_name on " + db.schema()
                + ".users) is rolled back already: nothing to do");
    }

    @Test
    void anUnknownIdIsExitOneAndChangesNothing() throws Exception {
        long id = expand("name", "full_name");

        for (String command : new String[] {"contract", "rollback"}) {
            Result r = cli(command, "--url", db.bareUrl(), "99");
            assertThat(r.code()).as(command).isEqualTo(Main.FAILED_CHECK);
            assertThat(r.err()).as(command).contains("safemigrate " + command + ": no expansion 99 in safemigrate_expansions")
                    .contains("'safemigrate status --all' lists them");
        }
        assertThat(status(id)).isEqualTo("expanded");
        assertThat(columns("name") + columns("full_name")).isEqualTo(2);
    }

    @Test
    void contractWithoutIdContractsEveryExpandedOneAndTheDriverRefusesAnUnfinishedOne() throws Exception {
        long name = expand("name", "full_name");
        long email = expand("email", "mail");
        // what a crash halfway through the expansion leaves in the record
        db.execute("UPDATE safemigrate_expansions SET status = 'expanding' WHERE id = " + email);

        Result refused = cli("contract", "--url", db.bareUrl(), String.valueOf(email));
        assertThat(refused.code()).isEqualTo(Main.FAILED_CHECK);
        assertThat(refused.err()).contains("safemigrate contract: expansion " + email + " not contracted")
                .contains("it is not finished (status expanding").contains("SQLSTATE SM001");
        assertThat(columns("email")).as("nothing was dropped").isEqualTo(1);

        Result all = cli("contract", "--url", db.bareUrl());
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("Skipping expansion " + email).contains("Expansion " + name + " contracted")
                .doesNotContain("Expansion " + email + " contracted");
        assertThat(status(name)).isEqualTo("contracted");
        assertThat(status(email)).isEqualTo("expanding");
        assertThat(columns("name")).isZero();

        Result rollback = cli("rollback", "--url", db.bareUrl(), String.valueOf(email));
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(columns("mail")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE email = 'u' || id || '@example.com'")).isEqualTo(ROWS);

        Result nothing = cli("contract", "--url", db.bareUrl());
        assertThat(nothing.code()).isZero();
        assertThat(nothing.out()).contains("Nothing to contract");
    }

    @Test
    void statusAsJsonParses() throws Exception {
        long id = expand("name", "full_name");

        Result r = cli("status", "--url", db.bareUrl(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        // PostgreSQL's own JSON parser: a syntax error would fail the query
        try (Connection c = db.openBare(); PreparedStatement ps = c.prepareStatement("SELECT j ->> 'version',"
                + " jsonb_array_length(j -> 'expansions'), j -> 'expansions' -> 0 ->> 'id', j -> 'expansions' -> 0 ->> 'table',"
                + " j -> 'expansions' -> 0 ->> 'newName', j -> 'expansions' -> 0 ->> 'status',"
                + " j -> 'expansions' -> 0 -> 'oldNameQueries' ->> 'known', j -> 'expansions' -> 0 ->> 'statement',"
                + " j ->> 'stateTable'"
                + " FROM (SELECT ?::jsonb AS j) x")) {
            ps.setString(1, r.out());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1");
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getLong(3)).isEqualTo(id);
                assertThat(rs.getString(4)).isEqualTo("users");
                assertThat(rs.getString(5)).isEqualTo("full_name");
                assertThat(rs.getString(6)).isEqualTo("expanded");
                if (!statStatementsInstalled()) {
                    assertThat(rs.getString(7)).as("oldNameQueries.known").isEqualTo("false");
                }
                assertThat(rs.getString(8)).isEqualTo("ALTER TABLE users RENAME COLUMN name TO full_name");
                assertThat(rs.getString(9)).isEqualTo(db.schema() + ".safemigrate_expansions");
            }
        }
    }

    /**
     * What status says depends on the server: the extension not available, available but not preloaded (the local
     * servers here), or preloaded (also covered on an embedded server by ExpansionStatusStatementsTest). Each
     * case is asserted; none is skipped.
     */
    @Test
    void statusSaysWhatPgStatStatementsCanTellOnThisServer() throws Exception {
        boolean installedBefore = statStatementsInstalled();
        boolean available = db.queryLong("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'") > 0;
        boolean loaded = db.queryLong("SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries'"
                + " AND setting LIKE '%pg_stat_statements%'") > 0;
        expand("name", "full_name");
        if (available && !installedBefore) {
            db.execute("CREATE EXTENSION pg_stat_statements SCHEMA " + db.schema());
        }
        try {
            Result r = cli("status", "--url", db.bareUrl());
            assertThat(r.code()).as(r.err()).isZero();
            if (!available) {
                assertThat(r.out()).contains("old column name: pg_stat_statements not installed: cannot tell");
            } else if (!loaded) {
                assertThat(r.out()).contains("old column name: pg_stat_statements not readable (")
                        .contains("SQLSTATE 55000): cannot tell");
            } else {
                assertThat(r.out()).containsPattern("old column name: (no query in pg_stat_statements names it"
                        + "|\\d+ quer(y|ies) in pg_stat_statements name it)");
            }
        } finally {
            if (available && !installedBefore) {
                db.execute("DROP EXTENSION pg_stat_statements");
            }
        }
    }
}
