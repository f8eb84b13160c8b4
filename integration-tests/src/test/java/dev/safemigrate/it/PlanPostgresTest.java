package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.plan.ReadOnlySession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code plan --url} on PostgreSQL: live sizes and row estimates of a table of known size, verdicts that need
 * a live fact (a column's current type), a read-only session the server itself enforces, and a database
 * that is exactly as it was after plan ran.
 */
@RealDatabase(Engine.POSTGRESQL)
class PlanPostgresTest {
    private static final int ROWS = 100_000;

    private final TestDatabase db;

    @TempDir
    Path migrations;

    PlanPostgresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        db.execute("DROP TABLE IF EXISTS accounts", "DROP TABLE IF EXISTS tiny",
                "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, note varchar(20), balance int)",
                "INSERT INTO accounts SELECT g, 'u' || g || '@example.com', NULL, g % 1000 FROM generate_series(1, "
                        + ROWS + ") g",
                "ANALYZE accounts",
                "CREATE TABLE tiny (id int PRIMARY KEY, email text)", "INSERT INTO tiny VALUES (1, 'a')", "ANALYZE tiny");
    }

    record Result(int code, String out, String err) {
    }

    private Result plan(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("plan", "--url", db.bareUrl(), "--user", db.user(), "--password",
                db.password(), "--format", "json", "--fail-on", "never"));
        args.addAll(List.of(extra));
        args.add(migrations.toString());
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void migration(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    /** The JSON object of the statement whose SQL starts with {@code prefix}. */
    private static String statement(String json, String prefix) {
        int at = json.indexOf("\"sql\": \"" + prefix);
        assertThat(at).as("statement " + prefix).isPositive();
        int next = json.indexOf("\n    {\n      \"file\"", at);
        return json.substring(at, next < 0 ? json.length() : next);
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(json);
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void liveSizesAndRowEstimatesOfATableOfKnownSize() throws Exception {
        migration("V1__index.sql", "CREATE INDEX accounts_email ON accounts (email);");
        migration("V2__backfill.sql", "UPDATE accounts SET note = 'n' WHERE note IS NULL;");
        migration("V3__small.sql", "CREATE INDEX tiny_email ON tiny (email);");

        Result r = plan();

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"live\": true").contains("\"server\": \"PostgreSQL ");
        String index = statement(r.out(), "CREATE INDEX accounts_email");
        assertThat(index).contains("\"verdict\": \"rewritten\"").contains("CREATE INDEX CONCURRENTLY accounts_email");
        assertThat(number(index, "estimatedRows")).isEqualTo(ROWS); // ANALYZE of a table this size reads every page
        assertThat(number(index, "totalBytes")).isEqualTo(db.queryLong("SELECT pg_total_relation_size('accounts')"));
        assertThat(number(index, "dataBytes")).isEqualTo(db.queryLong("SELECT pg_relation_size('accounts')"));
        assertThat(index).containsPattern("\"estimate\": \"(< 1 s|~\\d+ s)\"").contains("\"assumptions\": []");
        String backfill = statement(r.out(), "UPDATE accounts");
        assertThat(backfill).contains("\"verdict\": \"batched\"").contains("\"estimate\": \"~5 s\""); // 100,000 rows at 20,000/s
        String small = statement(r.out(), "CREATE INDEX tiny_email");
        assertThat(small).contains("\"verdict\": \"as_written\"").contains("\"risk\": \"none\"")
                .contains("\"estimatedRows\": 1");
    }

    @Test
    void aColumnsCurrentTypeDecidesWhatOfflineNeedsUrlFor() throws Exception {
        migration("V1__types.sql", "ALTER TABLE accounts ALTER COLUMN note TYPE varchar(200);\n"
                + "ALTER TABLE accounts ALTER COLUMN balance TYPE bigint;");

        Result live = plan();
        ByteArrayOutputStream offline = new ByteArrayOutputStream();
        Main.run(List.of("plan", "--format", "json", migrations.toString()), new PrintStream(offline, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        // binary-compatible, so no danger; the only warning is the lint advice on varchar(n) (docs/plan.md, "squawk's rules, side by side")
        assertThat(statement(live.out(), "ALTER TABLE accounts ALTER COLUMN note")).contains("\"verdict\": \"as_written\"")
                .contains("\"risk\": \"warning\"").contains("\"rule\": \"prefer-text\"")
                .contains("\"work\": \"catalog\"");
        assertThat(statement(live.out(), "ALTER TABLE accounts ALTER COLUMN balance")).contains("\"verdict\": \"refused\"")
                .contains("integer to bigint");
        assertThat(offline.toString(StandardCharsets.UTF_8)).contains("\"verdict\": \"needs_url\"")
                .doesNotContain("\"verdict\": \"refused\"");
    }

    @Test
    void planChangesNothing() throws Exception {
        migration("V1__everything.sql", String.join("\n",
                "CREATE TABLE plan_new (id int PRIMARY KEY);",
                "CREATE INDEX accounts_email ON accounts (email);",
                "ALTER TABLE accounts ADD CONSTRAINT accounts_balance_positive CHECK (balance >= 0);",
                "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;",
                "ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                "UPDATE accounts SET note = 'n' WHERE note IS NULL;",
                "DELETE FROM tiny;",
                "DROP TABLE tiny;"));
        String before = snapshot();

        Result r = plan();

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"verdict\": \"rewritten\"");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Tables, columns with nullability and defaults, indexes, constraints and a checksum of the rows. */
    private String snapshot() throws SQLException {
        return db.dump("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
                "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() ORDER BY 1, 2",
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
                "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
                        + " WHERE connamespace = current_schema()::regnamespace ORDER BY 1",
                "SELECT count(*), sum(hashtext(coalesce(note, '-') || email)) FROM accounts",
                "SELECT count(*) FROM tiny");
    }

    @Test
    void theServerRefusesAnyWriteOnPlansConnection() throws SQLException {
        try (ReadOnlySession session = ReadOnlySession.open(db.bareUrl(), db.user(), db.password());
             Statement s = session.connection().createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE tiny SET email = 'changed'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            session.connection().rollback();
            assertThatThrownBy(() -> s.execute("CREATE TABLE plan_probe (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        assertThat(db.queryLong("SELECT count(*) FROM tiny WHERE email = 'a'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'plan_probe'")).isZero();
    }

    @Test
    void anUnreachableDatabaseExitsThree() throws IOException {
        migration("V1__m.sql", "SELECT 1;");
        String url = db.bareUrl().replaceFirst("//([^/]+)/[^?]*", "//$1/no_such_database_for_plan");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(List.of("plan", "--url", url, "--user", db.user(), migrations.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(Main.DATABASE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no_such_database_for_plan");
    }
}
