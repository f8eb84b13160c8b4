package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.EngineTest;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.MavenSamples;
import dev.safemigrate.it.support.MavenSamples.Run;
import dev.safemigrate.it.support.MySqlSchema;
import dev.safemigrate.it.support.ServerStatements;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.MariaDbMigrationSet.PLAIN_FOREIGN_KEY;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertBatchedBackfill;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertMigrated;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertOnlineForms;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway's Maven plugin running a sample project of {@code src/test/sample-projects} (a standalone pom with
 * the driver and the real client as plugin dependencies; nothing configured for safemigrate) in a child
 * {@code mvn flyway:migrate} against {@code jdbc:safemigrate:postgresql:} ({@code flyway-maven}) or
 * {@code jdbc:safemigrate:mariadb:} ({@code flyway-maven-mariadb}) with the driver's default settings, while
 * another session keeps inserting into the table the migrations change. On PostgreSQL the plugin's default
 * for Flyway's transactional lock must hold under the Maven plugin too.
 */
class FlywayMavenPluginTest {
    /** The lock timeout (1 s, the default): a writer waiting that long would mean a DDL queued it behind a lock. */
    private static final long MAX_STALL_MS = 1000;
    /** Rows V1__create_tables.sql inserts into {@code items}, in both samples. */
    private static final int ROWS = 20_000;

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final Engine engine;
    private final TestDatabase db;
    private final Sample sample;
    private Path project;

    FlywayMavenPluginTest(Engine engine, TestDatabase db) {
        this.engine = engine;
        this.db = db;
        this.sample = Sample.of(engine);
    }

    /**
     * What differs per engine: the sample project and its number of migrations; the URL's subprotocol (the
     * MariaDB sample brings MariaDB's client) and Flyway's schema options (PostgreSQL: the test's schema of
     * the database; MySQL: the database is the URL's); the writer's insert; and the migration a user gets
     * wrong first, how the server answers it, and how the fix is applied ({@code flyway:repair} first where
     * DDL is not transactional and Flyway has recorded the failure).
     */
    private record Sample(String project, int migrations, String subprotocol, boolean schemaOptions, String insert,
                          Broken broken) {
        static Sample of(Engine engine) {
            return switch (engine) {
                case POSTGRESQL -> new Sample("flyway-maven", 4, null, true,
                        "INSERT INTO items (id, owner_id, v) VALUES (nextval('items_extra'), 1, 0)",
                        new Broken(List.of(), "V5__broken.sql", """
                                CREATE INDEX items_owner_idx ON items (owner_id);
                                ALTER TABLE items ADD COLUMN flag int DEFAULT;
                                """, """
                                CREATE INDEX items_owner_idx ON items (owner_id);
                                ALTER TABLE items ADD COLUMN flag int DEFAULT 0;
                                """, List.of("42601"), 0, List.of("flyway:migrate")));
                case MYSQL -> new Sample("flyway-maven-mariadb", 10, "mariadb", false,
                        "INSERT INTO items (owner_id, v, note) VALUES (1, 0, 'w')",
                        new Broken(List.of("-Dflyway.target=1"), "V5__foreign_key.sql", PLAIN_FOREIGN_KEY, null,
                                List.of("SM001", "[copying-alter]", "needs foreign_key_checks=OFF",
                                        "SET foreign_key_checks = 0 before this statement"), 1,
                                List.of("flyway:repair", "flyway:migrate")));
            };
        }
    }

    /**
     * @param before the options of the first, successful run
     * @param file the migration written wrong, then fixed
     * @param wrong what it holds first
     * @param fixed what it holds then; {@code null}: what the sample ships
     * @param error what the build log says beside BUILD FAILURE and the file's name
     * @param failedHistoryRows the history rows Flyway keeps for the failed migration
     * @param fixGoals the goals that apply the fix
     */
    private record Broken(List<String> before, String file, String wrong, String fixed, List<String> error,
                          int failedHistoryRows, List<String> fixGoals) {
    }

    @BeforeAll
    static void driverRepository() throws Exception {
        maven = MavenSamples.create(shared);
    }

    @AfterAll
    static void forgetDriver() throws Exception {
        maven.close();
    }

    @BeforeEach
    void freshSchemaAndProject(@TempDir Path dir) throws Exception {
        // Flyway wants an empty schema (or its history table): start each test from a fresh one.
        switch (engine) {
            case POSTGRESQL -> db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                    "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
            case MYSQL -> MySqlSchema.recreate(db);
        }
        project = maven.copy(sample.project(), dir.resolve(sample.project()));
    }

    /** {@code mvn <goals> -Dflyway.url=… …} on the test's schema (the same way a team points it at one schema of many). */
    private Run mvn(List<String> goals, String... extra) throws Exception {
        String url = sample.subprotocol() == null ? db.safeUrl()
                : db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + sample.subprotocol() + ":");
        List<String> args = new ArrayList<>(goals);
        args.addAll(List.of("-Dflyway.url=" + url, "-Dflyway.user=" + db.user()));
        if (sample.schemaOptions()) {
            args.addAll(List.of("-Dflyway.schemas=" + db.schema(), "-Dflyway.defaultSchema=" + db.schema()));
        }
        if (!db.password().isEmpty()) {
            args.add("-Dflyway.password=" + db.password());
        }
        args.addAll(List.of(extra));
        return maven.run(project, args.toArray(String[]::new));
    }

    private Run migrate(String... extra) throws Exception {
        return mvn(List.of("flyway:migrate"), extra);
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
    }

    private Path migration(String name) {
        return project.resolve("src/main/resources/db/migration").resolve(name);
    }

    private long historyRows(String condition) throws SQLException {
        return db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE " + condition);
    }

    private long successfulMigrations() throws SQLException {
        return historyRows("version IS NOT NULL AND " + (engine == Engine.MYSQL ? "success = 1" : "success"));
    }

    private long failedMigrations() throws SQLException {
        return historyRows(engine == Engine.MYSQL ? "success = 0" : "NOT success");
    }

    @EngineTest
    void theSampleMigratesSafelyWhileAWriterKeepsInserting() throws Exception {
        assertSucceeded(migrate("-Dflyway.target=1"));
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);

        List<String> received;
        long worst;
        long elapsed;
        Run rest;
        try (ServerStatements server = ServerStatements.start(engine, db); Writer writer = new Writer(db.openBare(), sample.insert(), 300)) {
            Thread.sleep(200);
            writer.resetWorst();
            long start = System.nanoTime();
            rest = migrate();
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            worst = writer.worstMillis();
            assertSucceeded(rest);
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            received = server.statements();
        }
        System.out.printf("[safemigrate-it] FlywayMavenPluginTest on %s: mvn flyway:migrate (V2-V%d) in %d ms,"
                + " writer's worst insert %d ms%n", db.serverVersion(), sample.migrations(), elapsed, worst);
        assertThat(worst).as("writer's worst insert, ms (lock timeout 1 s)").isLessThan(MAX_STALL_MS);
        assertThat(successfulMigrations()).as("every migration, successful").isEqualTo(sample.migrations());
        assertThat(failedMigrations()).isZero();

        switch (engine) {
            case POSTGRESQL -> {
                assertThat(received.stream().filter(s -> s.contains("items_v_idx")).toList()).isNotEmpty()
                        .allSatisfy(s -> assertThat(s).containsIgnoringCase("CREATE INDEX CONCURRENTLY"));
                assertThat(received.stream().filter(s -> s.contains("items_owner_fk")).toList())
                        .anySatisfy(s -> assertThat(s).containsIgnoringCase("NOT VALID"))
                        .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"));
                assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                        + ".items_v_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
                assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'items_owner_fk'"
                        + " AND convalidated AND connamespace = '" + db.schema() + "'::regnamespace"))
                        .as("validated foreign key").isEqualTo(1);
                assertThat(db.queryLong("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note = 'n' || v"))
                        .as("backfilled").isEqualTo(ROWS);
                assertThat(db.queryLong("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                        + " AND statement LIKE '%SET note%' AND batches > 1")).as("the backfill ran in batches")
                        .isEqualTo(1);
            }
            case MYSQL -> {
                assertThat(rest.output()).as("the policies' warnings reach the build log")
                        .contains("[rename-column]", "[drop-column]", "[drop-table]");
                assertOnlineForms(ddl(received));
                assertBatchedBackfill(received);
                assertMigrated(db);
            }
        }
    }

    /**
     * A migration written wrong fails the build with Flyway's error (on MySQL: safemigrate's refusal of a
     * foreign key the server could add only by copying the table, while a writer keeps inserting), and the
     * fixed migration converges with the same command.
     */
    @EngineTest
    void aFailingMigrationFailsTheBuildWithFlywaysErrorAndTheFixConverges() throws Exception {
        Broken broken = sample.broken();
        Path file = migration(broken.file());
        String fixed = broken.fixed() != null ? broken.fixed() : Files.readString(file);
        assertSucceeded(migrate(broken.before().toArray(String[]::new)));
        Files.writeString(file, broken.wrong());

        Run failed;
        Run converged;
        long worst;
        List<String> received;
        try (ServerStatements server = ServerStatements.start(engine, db); Writer writer = new Writer(db.openBare(), sample.insert(), 300)) {
            Thread.sleep(200);
            writer.resetWorst();
            failed = migrate();
            assertThat(failed.exitCode()).as("mvn exit code; its output:%n%s", failed.output()).isNotZero();
            assertThat(historyRows("version = '5'")).as("history rows of the failed migration (none where DDL is"
                    + " transactional)").isEqualTo(broken.failedHistoryRows());

            Files.writeString(file, fixed);
            converged = mvn(broken.fixGoals());
            worst = writer.worstMillis();
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            received = server.statements();
        }
        System.out.printf("[safemigrate-it] FlywayMavenPluginTest on %s: writer's worst insert %d ms over both runs%n",
                db.serverVersion(), worst);
        assertThat(failed.output()).as("Flyway's error").contains("BUILD FAILURE", broken.file())
                .contains(broken.error());
        assertSucceeded(converged);
        assertThat(worst).as("the writer's worst insert, ms").isLessThan(MAX_STALL_MS);
        assertThat(failedMigrations()).isZero();
        assertThat(historyRows("version = '5' AND " + (engine == Engine.MYSQL ? "success = 1" : "success")))
                .isEqualTo(1);

        switch (engine) {
            case POSTGRESQL -> {
                assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                        + ".items_owner_idx') AND indisvalid")).isEqualTo(1);
                assertThat(db.queryLong("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND flag = 0"))
                        .isEqualTo(ROWS);
            }
            case MYSQL -> {
                assertThat(converged.output()).as("the policies' warnings reach the build log")
                        .contains("[rename-column]", "[drop-column]", "[drop-table]");
                assertOnlineForms(ddl(received));
                assertBatchedBackfill(received);
                assertMigrated(db);
            }
        }
    }

    @EngineTest(Engine.POSTGRESQL)
    void forcingTheTransactionalLockOnFromTheCommandLineFailsFastNamingTheSetting() throws Exception {
        assertSucceeded(migrate("-Dflyway.target=1"));
        // The user's own choice is kept: Flyway then holds its lock in an open transaction that the
        // concurrent build of V2 would wait for forever; the driver fails that migration within seconds.
        long start = System.nanoTime();
        Run forced = migrate("-Dflyway.target=2", "-Dflyway.postgresql.transactional.lock=true");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(forced.exitCode()).as("mvn exit code; its output:%n%s", forced.output()).isNotZero();
        assertThat(forced.output()).contains("BUILD FAILURE", "V2__index.sql", "flyway.postgresql.transactional.lock=false");
        assertThat(elapsed).as("fails within seconds (a child mvn included), no hang").isLessThan(60_000);
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + db.schema()
                + ".items_v_idx')")).as("no INVALID index left").isZero();

        assertSucceeded(migrate());
        assertThat(successfulMigrations()).isEqualTo(sample.migrations());
    }

    /** The DDL among the statements the server received. */
    private static List<String> ddl(List<String> statements) {
        return statements.stream().filter(s -> s.matches("(?is)\\s*(ALTER|CREATE|DROP)\\s.*")).toList();
    }
}
