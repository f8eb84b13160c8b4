package dev.safemigrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan} as a user runs it: the corpus of migration files (every rule of docs/rules.md and statements
 * that pass through) against golden files, exit codes for each {@code --fail-on} level, and usage errors.
 * Golden files: src/test/resources/plan-golden; after an intended change, regenerate them with
 * {@code -Dplan.updateGolden=true} and review the diff.
 */
class PlanCommandTest {
    private static final Path CORPUS = Path.of("src/test/resources/plan-corpus");
    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result plan(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>();
        all.add("plan");
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String sql) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, sql);
        return p;
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("plan.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"postgresql, postgresql, text", "postgresql, postgresql, json", "mysql, mariadb, text",
            "mysql, mariadb, json", "mysql, mysql, json"})
    void theCorpusPlansAsTheGoldenFileSays(String corpus, String dialect, String format) throws IOException {
        Result r = plan("--dialect", dialect, "--format", format, "--fail-on", "never", CORPUS.resolve(corpus).toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertGolden(corpus + "-" + dialect + "." + format, r.out());
    }

    /** Every rule of docs/rules.md appears in the corpus with the verdict its section describes. */
    @Test
    void theCorpusCoversEveryRule() {
        String pg = plan("--format", "json", "--fail-on", "never", CORPUS.resolve("postgresql").toString()).out();
        String my = plan("--dialect", "mariadb", "--format", "json", "--fail-on", "never",
                CORPUS.resolve("mysql").toString()).out();
        for (String rule : List.of("create-index", "drop-index", "reindex", "add-foreign-key", "add-check",
                "set-not-null", "add-unique", "volatile-default-backfill", "refresh-materialized-view", "vacuum-full",
                "cluster", "exclusion-constraint", "volatile-default")) {
            assertThat(pg).as(rule).contains("\"rule\": \"" + rule + "\"");
        }
        for (String operation : List.of("rename-column", "rename-table", "drop-column", "drop-table", "truncate",
                "alter-column-type")) {
            assertThat(pg).as(operation).contains("\"rule\": \"" + operation + "\"");
        }
        for (String rule : List.of("online-ddl", "copying-alter", "rename-column", "rename-table", "drop-column",
                "drop-table", "not-null-rebuild")) {
            assertThat(my).as(rule).contains("\"rule\": \"" + rule + "\"");
        }
        // add-primary-key is asked but needs NOT NULL key columns: offline they are assumed nullable
        assertThat(pg).contains("ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);");
    }

    @Test
    void jsonKeepsSchemaVersionOneAndItsFields() {
        String json = plan("--format", "json", "--fail-on", "never", CORPUS.resolve("postgresql").toString()).out();

        assertThat(json).startsWith("{\n  \"schemaVersion\": 1,\n");
        List<String> top = keysAtIndent(json, 2);
        assertThat(top).containsExactly("schemaVersion", "dialect", "live", "server", "files", "notPlanned", "summary",
                "statements");
        assertThat(keysAtIndent(json, 4)).containsExactly("statements", "none", "warning", "danger", "refused",
                "worstRisk", "failOn", "failed");
        assertThat(keysAtIndent(json, 6)).containsExactly("file", "line", "sql", "lock", "verdict", "rule",
                "sentInstead", "findings", "refusal", "risk", "reasons", "notes", "assumptions", "needsUrl", "table",
                "estimate", "advice");
        assertThat(keysAtIndent(json, 8).subList(0, 5)).containsExactly("mode", "tables", "blocksReads",
                "blocksWrites", "work");
    }

    private static List<String> keysAtIndent(String json, int indent) {
        Matcher m = Pattern.compile("(?m)^ {" + indent + "}\"(\\w+)\":").matcher(json);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            if (!keys.contains(m.group(1))) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    @ParameterizedTest(name = "{0} with --fail-on {1} exits {2}")
    @CsvSource({
            "ALTER TABLE accounts RENAME COLUMN a TO b;, never, 0",
            "ALTER TABLE accounts RENAME COLUMN a TO b;, warning, 1",
            "ALTER TABLE accounts RENAME COLUMN a TO b;, danger, 0",
            "ALTER TABLE accounts RENAME COLUMN a TO b;, refused, 0",
            "CREATE INDEX ON accounts (email);, warning, 1",
            "CREATE INDEX ON accounts (email);, danger, 1",
            "CREATE INDEX ON accounts (email);, refused, 0",
            "VACUUM FULL accounts;, danger, 1",
            "VACUUM FULL accounts;, refused, 1",
            "VACUUM FULL accounts;, never, 0",
            "CREATE INDEX accounts_email ON accounts (email);, warning, 0",
    })
    void exitCodeFollowsFailOn(String sql, String failOn, int expected) throws IOException {
        Result r = plan("--fail-on", failOn, file("V1__m.sql", sql).toString());

        assertThat(r.code()).as(r.out()).isEqualTo(expected);
        assertThat(r.out()).contains("--fail-on " + failOn + (expected == 1 ? ": FAILED" : ": passed"));
    }

    /** The CI formats change what is printed, never the exit code: the golden files hold the default --fail-on. */
    @ParameterizedTest(name = "--format {0}")
    @CsvSource({"sarif", "github"})
    void theCiFormatsPrintTheGoldenFileAndKeepTheExitCode(String format) throws IOException {
        String corpus = CORPUS.resolve("postgresql").toString();
        for (String failOn : List.of("never", "warning", "danger", "refused")) {
            int json = plan("--format", "json", "--fail-on", failOn, corpus).code();
            assertThat(plan("--format", format, "--fail-on", failOn, corpus).code()).as(failOn).isEqualTo(json);
        }
        Result r = plan("--format", format, corpus);

        assertThat(r.code()).isEqualTo(Main.FAILED_CHECK);
        assertThat(r.err()).isEmpty();
        // files are named relative to the working directory (in CI the repository's root), so annotations land on them
        String prefix = "src/test/resources/plan-corpus/postgresql/";
        assertThat(r.out()).contains(prefix + "V2__indexes.sql");
        // (SARIF's fingerprints hash the path too)
        String fingerprint = "\"safemigrate/v1\": \"[^\"]*\"";
        assertThat(r.out().replace(prefix, "").replaceAll(fingerprint, "#"))
                .isEqualTo(Files.readString(GOLDEN.resolve("postgresql-postgresql." + format)).replaceAll(fingerprint, "#"));
    }

    @Test
    void theDefaultFailOnIsDanger() throws IOException {
        assertThat(plan(file("V1__m.sql", "CREATE INDEX ON accounts (email);").toString()).code()).isEqualTo(1);
        assertThat(plan(file("V2__m.sql", "ALTER TABLE a DROP COLUMN b;").toString()).code()).isZero();
    }

    @Test
    void settingsChangeTheVerdictAsTheyWouldChangeTheDriver() throws IOException {
        Path vacuum = file("V1__m.sql", "VACUUM FULL accounts;");

        Result warned = plan("--format", "json", "--set", "safemigrate.policy.vacuumFull=warn", vacuum.toString());
        assertThat(warned.out()).contains("\"decision\": \"warned\"").contains("\"worstRisk\": \"danger\"");
        Result off = plan("--format", "json", "--set", "safemigrate.rewrite=false", vacuum.toString());
        assertThat(off.out()).contains("\"verdict\": \"as_written\"").doesNotContain("\"decision\"");
    }

    /**
     * In a real history every table was created by an earlier file, long applied to production and grown
     * there: only a table created in the same migration (one transaction) is new and empty.
     */
    @Test
    void aTableCreatedByAnEarlierMigrationExistsAndMayBeBigOnlyTheSameMigrationsTableIsNew() throws IOException {
        file("V1__create.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);");
        file("V2__index.sql", "CREATE INDEX accounts_email ON accounts (email);\n"
                + "CREATE TABLE fresh (id bigint PRIMARY KEY, email text);\n"
                + "CREATE INDEX fresh_email ON fresh (email);\nALTER TABLE fresh ALTER COLUMN email SET NOT NULL;");

        Result r = plan("--format", "text", "--fail-on", "never", dir.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("V2__index.sql:1 +CREATE INDEX accounts_email .* rewritten +none")
                .contains("assumed: table accounts was created by an earlier migration (V1__create.sql): it exists and"
                        + " may have grown big since")
                .containsPattern("V2__index.sql:3 +CREATE INDEX fresh_email .* as written +none")
                .containsPattern("V2__index.sql:4 +ALTER TABLE fresh .* as written +none");
    }

    /** The column types an earlier migration wrote decide a type change without a database. */
    @Test
    void aColumnTypeWrittenByAnEarlierMigrationDecidesATypeChangeOffline() throws IOException {
        file("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY, email varchar(255) NOT NULL, age int,"
                + " bio text COLLATE \"C\");\nALTER TABLE users RENAME COLUMN age TO years;");
        file("V2__alter.sql", "ALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n"
                + "ALTER TABLE users ALTER COLUMN years TYPE bigint;\n"
                + "ALTER TABLE users ALTER COLUMN bio TYPE varchar;\n"
                + "ALTER TABLE users ALTER COLUMN id SET NOT NULL;");

        // (prefer-text would advise against varchar(320): not what this test is about)
        Result r = plan("--fail-on", "never", "--exclude", "prefer-text,prefer-bigint", dir.toString());

        assertThat(r.out()).containsPattern("V2__alter.sql:1 +ALTER TABLE users ALTER COLUMN email TY.* catalog only +as"
                        + " written +none")
                // the renamed column keeps its type
                .contains("assumed: column years of users is int (nullable), as V1__users.sql left it")
                .containsPattern("V2__alter.sql:2 +ALTER TABLE users ALTER COLUMN years .* refused +refused")
                // a collation plan does not model: the live type is needed
                .containsPattern("V2__alter.sql:3 +ALTER TABLE users ALTER COLUMN bio .* needs --url +warning")
                .containsPattern("V2__alter.sql:4 +ALTER TABLE users ALTER COLUMN id SET.* nothing sent +none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no paths                | --format text                                    | no migration files given
            missing file            | /no/such/dir                                     | no such file or folder: /no/such/dir
            bad fail-on             | --fail-on sometimes x.sql                        | --fail-on takes never, warning, danger or refused
            bad format              | --format xml x.sql                               | --format takes text, json, sarif or github
            bad dialect             | --dialect oracle x.sql                           | --dialect takes postgresql, mysql or mariadb
            unknown option          | --verbose x.sql                                  | Unknown option: '--verbose'
            missing value           | x.sql --url                                      | Missing required parameter for option '--url'
            set without prefix      | --set lockTimeout=1s x.sql                       | --set takes safemigrate.KEY=VALUE
            unknown lint rule       | --exclude prefer-text,prefer-nothing x.sql       | --exclude takes lint rule names (docs/plan.md), not prefer-nothing
            unknown setting         | --set safemigrate.lockTimeot=1s /no/such/dir      | safemigrate.lockTimeot
            bad setting value       | --set safemigrate.lockTimeout=soon /no/such/dir   | safemigrate.lockTimeout
            """)
    void badUsageExitsTwoWithAMessage(String what, String args, String message) {
        Result r = plan(args.split(" "));

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsBadInput() throws IOException {
        Path latin1 = dir.resolve("V1__m.sql");
        Files.write(latin1, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xE9, '\'', ';'});

        Result r = plan(latin1.toString());

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("is not UTF-8 text");
    }

    @Test
    void anUnreachableDatabaseExitsThreeWithoutPrintingThePassword() throws IOException {
        Result r = plan("--url", "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "--user", "u",
                "--password", "s3cret-pw", file("V1__m.sql", "SELECT 1;").toString());

        assertThat(r.code()).isEqualTo(Main.DATABASE);
        assertThat(r.err()).contains("cannot use the database at jdbc:postgresql://127.0.0.1:1/nothing")
                .doesNotContain("s3cret-pw");
        assertThat(r.out()).doesNotContain("s3cret-pw");
    }

    @Test
    void helpPrintsTheOptions() {
        Result r = plan("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--fail-on=LEVEL").contains("--url=JDBC_URL").contains("Exit codes")
                // picocli expands ${…} in descriptions: the placeholder syntax must survive it
                .contains("): ${NAME}").contains("leave ${…} as written").doesNotContain("null");
    }

    @Test
    void redactHidesUserInfoAndQueryParameters() {
        assertThat(PlanCommand.redact("jdbc:postgresql://bob:pw@db:5432/app?password=pw"))
                .isEqualTo("jdbc:postgresql://…@db:5432/app");
    }
}
