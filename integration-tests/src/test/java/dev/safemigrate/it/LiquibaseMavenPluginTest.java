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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase's Maven plugin running a sample project of {@code src/test/sample-projects} (a standalone pom with
 * the driver and the real client as plugin dependencies, a YAML changelog, no {@code driver} setting) in a
 * child {@code mvn liquibase:update} against {@code jdbc:safemigrate:postgresql:} ({@code liquibase-maven}) or
 * {@code jdbc:safemigrate:mariadb:} ({@code liquibase-maven-mariadb}) with the driver's default settings, while
 * another session keeps inserting into the table the changelog changes.
 */
class LiquibaseMavenPluginTest {
    /** Rows the changeset 2-fill inserts. */
    private static final int ROWS = 50_000;
    private static final String CHANGELOG = "src/main/resources/db/changelog/db.changelog-master.yaml";

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final Engine engine;
    private final TestDatabase db;
    private final Sample sample;
    private Path project;

    LiquibaseMavenPluginTest(Engine engine, TestDatabase db) {
        this.engine = engine;
        this.db = db;
        this.sample = Sample.of(engine);
    }

    /**
     * What differs per engine: the sample project (the same five changesets, in each server's SQL where it is
     * raw SQL), the URL's subprotocol (the MariaDB sample brings MariaDB's client), whether Liquibase is
     * pointed at the test's schema (PostgreSQL; on MySQL the database is the URL's), and the writer's insert.
     */
    private record Sample(String project, String subprotocol, boolean schemaOption, String insert) {
        static Sample of(Engine engine) {
            return switch (engine) {
                case POSTGRESQL -> new Sample("liquibase-maven", null, true,
                        "INSERT INTO items (note, qty, customer_id) VALUES (md5(random()::text), 1, 1)");
                case MYSQL -> new Sample("liquibase-maven-mariadb", "mariadb", false,
                        "INSERT INTO items (note, qty, customer_id) VALUES ('w', 1, 1)");
            };
        }
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
        switch (engine) {
            case POSTGRESQL -> db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                    "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
            case MYSQL -> MySqlSchema.recreate(db);
        }
        project = maven.copy(sample.project(), dir.resolve(sample.project()));
    }

    /** {@code mvn liquibase:update} on the test's schema (the same way a team points it at one schema of many). */
    private Run update(String... extra) throws Exception {
        String url = sample.subprotocol() == null ? db.safeUrl()
                : db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + sample.subprotocol() + ":");
        List<String> args = new ArrayList<>(List.of("liquibase:update", "-Dliquibase.url=" + url,
                "-Dliquibase.username=" + db.user()));
        if (sample.schemaOption()) {
            args.add("-Dliquibase.defaultSchemaName=" + db.schema());
        }
        // Always given, empty too: without it the plugin sends a password of its own, which MariaDB refuses for a
        // user without one (PostgreSQL under trust authentication never asks).
        args.add("-Dliquibase.password=" + db.password());
        args.addAll(List.of(extra));
        return maven.run(project, args.toArray(String[]::new));
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
    }

    /** Liquibase's tables, unquoted in upper case: MySQL keeps that case (and compares it), PostgreSQL folds it. */
    private void assertBookkeeping(int executed) throws Exception {
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG")).isEqualTo(executed);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE exectype = 'EXECUTED'"))
                .as("every changeset executed").isEqualTo(executed);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE locked")).as("lock released").isZero();
    }

    @EngineTest
    void theSampleChangelogRunsSafelyWhileAWriterKeepsInserting() throws Exception {
        assertSucceeded(update("-Dliquibase.changesToApply=2")); // the tables and their rows
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);

        List<String> received;
        long worst;
        long elapsed;
        try (ServerStatements server = ServerStatements.start(engine, db);
             Writer writer = new Writer(db.openBare(), sample.insert(), 300)) {
            Thread.sleep(200);
            long start = System.nanoTime();
            Run rest = update(); // index, foreign key, backfill
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            worst = writer.worstMillis();
            assertSucceeded(rest);
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            received = server.statements();
        }
        System.out.printf("[safemigrate-it] LiquibaseMavenPluginTest on %s: mvn liquibase:update (3 changesets) in %d ms,"
                + " writer's worst insert %d ms%n", db.serverVersion(), elapsed, worst);
        assertThat(worst).as("writer's worst insert, ms (lock timeout 1 s)").isLessThan(1000);

        assertBookkeeping(5);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty IS NULL")).as("backfilled").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%SET qty = 0%' AND batches > 1")).as("the backfill ran in batches").isEqualTo(1);
        switch (engine) {
            case POSTGRESQL -> {
                assertThat(received).as("CREATE INDEX reached the server as CONCURRENTLY")
                        .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("items_note_idx"))
                        .noneSatisfy(s -> assertThat(s).matches("(?s)CREATE INDEX items_note_idx.*"));
                assertThat(received).as("the foreign key was added NOT VALID, then validated")
                        .anySatisfy(s -> assertThat(s).contains("fk_items_customer").contains("NOT VALID"))
                        .anySatisfy(s -> assertThat(s).contains("VALIDATE CONSTRAINT").contains("fk_items_customer"));
                assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                        + ".items_note_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
                assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'fk_items_customer'"
                        + " AND convalidated AND connamespace = '" + db.schema() + "'::regnamespace"))
                        .as("validated foreign key").isEqualTo(1);
            }
            case MYSQL -> {
                assertThat(received.stream().filter(s -> s.matches("(?is)\\s*CREATE\\s+INDEX\\s+items_note_idx\\b.*")))
                        .as("CREATE INDEX reached the server in place, without a lock").isNotEmpty()
                        .allSatisfy(s -> assertThat(s).endsWith("ALGORITHM=INPLACE LOCK=NONE"));
                assertThat(received.stream().filter(s -> s.startsWith("ALTER TABLE") && s.contains("fk_items_customer")))
                        .as("the foreign key was added in place (foreign_key_checks off)").isNotEmpty()
                        .allSatisfy(s -> assertThat(s).endsWith("ALGORITHM=INPLACE, LOCK=NONE"));
                assertThat(received.stream().filter(s -> s.startsWith("UPDATE items SET qty = 0")))
                        .as("the backfill, as it reached the server: keyset batches").hasSizeGreaterThan(1)
                        .allSatisfy(s -> assertThat(s).contains("WHERE (qty IS NULL) AND ("));
                assertThat(MySqlSchema.indexExists(db, "items", "items_note_idx")).isTrue();
                assertThat(MySqlSchema.foreignKeyExists(db, "items", "fk_items_customer")).isTrue();
            }
        }
    }

    /**
     * PostgreSQL only: there the failed changeset's concurrent index build was committed early and the re-run
     * finds it; on MySQL/MariaDB DDL is never transactional and Liquibase's re-run of a half-applied changeset
     * is the user's to untangle, with or without safemigrate (LiquibaseMariaDbTest covers a refused changeset).
     */
    @EngineTest(Engine.POSTGRESQL)
    void aFailingChangesetFailsTheBuildWithLiquibasesErrorAndTheFixConverges() throws Exception {
        assertSucceeded(update());
        // The index is built (CONCURRENTLY, committed early by the split policy), then the SQL fails.
        String changeset = """
                  - changeSet:
                      id: 6-qty-index
                      author: sample
                      changes:
                        - createIndex:
                            tableName: items
                            indexName: items_qty_idx
                            columns:
                              - column: { name: qty }
                        - sql: UPDATE items SET nosuch = 1
                """;
        Path changelog = project.resolve(CHANGELOG);
        String original = Files.readString(changelog);
        Files.writeString(changelog, changeset, StandardOpenOption.APPEND);
        Run broken = update();
        assertThat(broken.exitCode()).as("mvn exit code; its output:%n%s", broken.output()).isNotZero();
        assertThat(broken.output()).contains("BUILD FAILURE", "MigrationFailedException", "6-qty-index", "nosuch");
        assertBookkeeping(5); // the failed changeset is not recorded, the lock is released

        Files.writeString(changelog, original + changeset.replace("UPDATE items SET nosuch = 1",
                "UPDATE customers SET name = upper(name)"));
        assertSucceeded(update());
        assertBookkeeping(6);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " WHERE x.relname LIKE 'items_qty_idx%' AND x.relnamespace = '" + db.schema() + "'::regnamespace"))
                .as("one index, no leftover").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_qty_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM customers WHERE name = 'C1'")).isEqualTo(1);
    }
}
