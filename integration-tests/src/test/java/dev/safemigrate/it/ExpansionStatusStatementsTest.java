package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} on a server that really has pg_stat_statements loaded: after a column rename's expansion it
 * says whether old code still names the old column. Its own embedded server (zonky, PostgreSQL 14) because
 * {@code shared_preload_libraries} needs a restart, which the shared test server does not get; the local
 * server does not preload the library.
 */
class ExpansionStatusStatementsTest {
    private static final int ROWS = 2000;
    private static final String EXPAND = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=0";

    private static EmbeddedPostgres pg;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
        url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result status(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("status", "--url", url, "--user", "postgres",
                "--password", ""));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Connection bare() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static void execute(String... sql) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Old code: literals as an application writes them; pg_stat_statements normalizes them to $1. */
    private static void oldCode() throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            for (int id = 1; id <= 2; id++) {
                try (ResultSet rs = st.executeQuery("SELECT name FROM users WHERE id = " + id)) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThat(st.executeUpdate("UPDATE users SET name = 'x' WHERE id = 2")).isEqualTo(1);
        }
    }

    @Test
    void statusCountsTheQueriesThatStillNameTheOldColumn() throws Exception {
        execute("CREATE EXTENSION pg_stat_statements",
                "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO users SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g", "ANALYZE users");
        try (Connection c = DriverManager.getConnection("jdbc:safemigrate:" + url.substring("jdbc:".length()) + "?"
                + EXPAND, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE users RENAME COLUMN name TO full_name");
        }

        Result afterExpand = status();
        assertThat(afterExpand.code()).as(afterExpand.err()).isZero();
        assertThat(afterExpand.out()).as("the expansion's own statements (DDL, backfill) do not count")
                .contains("name → full_name  expanded")
                .contains("old column name: no query in pg_stat_statements names it");

        execute("SELECT pg_stat_statements_reset()");
        Result quiet = status();
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("old column name: no query in pg_stat_statements names it");

        oldCode();
        Result busy = status();
        assertThat(busy.code()).as(busy.err()).isZero();
        assertThat(busy.out()).as("the SELECT (run twice, one normalized query) and the UPDATE")
                .contains("old column name: 2 queries in pg_stat_statements name it, 3 calls");

        Result json = status("--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        // PostgreSQL's own JSON parser: a syntax error would fail the query
        try (Connection c = bare(); PreparedStatement ps = c.prepareStatement("SELECT u ->> 'known', u -> 'queries',"
                + " u -> 'calls', u ->> 'note' FROM (SELECT ?::jsonb -> 'expansions' -> 0 -> 'oldNameQueries' AS u) x")) {
            ps.setString(1, json.out());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).as("known").isEqualTo("true");
                // status's own queries in between are not old code: the counts stay
                assertThat(rs.getString(2)).as("queries").isEqualTo("2");
                assertThat(rs.getString(3)).as("calls").isEqualTo("3");
                assertThat(rs.getString(4)).as("note").isEqualTo("2 queries in pg_stat_statements name it, 3 calls");
            }
        }
    }
}
