package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.MavenSamples;
import dev.safemigrate.it.support.MavenSamples.Run;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase's Maven plugin running the sample project {@code src/test/sample-projects/liquibase-maven} (a
 * standalone pom with the driver as a plugin dependency, a YAML changelog, no {@code driver} setting) in a
 * child {@code mvn liquibase:update} against {@code jdbc:safemigrate:postgresql:} with the driver's default
 * settings, while another session keeps inserting into the table the changelog changes.
 */
@RealDatabase(Engine.POSTGRESQL)
class LiquibaseMavenPluginTest {
    /** Rows the changeset 2-fill inserts. */
    private static final int ROWS = 50_000;
    private static final String CHANGELOG = "src/main/resources/db/changelog/db.changelog-master.yaml";

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final TestDatabase db;
    private Path project;

    LiquibaseMavenPluginTest(TestDatabase db) {
        this.db = db;
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
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        project = maven.copy("liquibase-maven", dir.resolve("liquibase-maven"));
    }

    /** {@code mvn liquibase:update} on the test's schema (the same way a team points it at one schema of many). */
    private Run update(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("liquibase:update", "-Dliquibase.url=" + db.safeUrl(),
                "-Dliquibase.username=" + db.user(), "-Dliquibase.defaultSchemaName=" + db.schema()));
        if (!db.password().isEmpty()) {
            args.add("-Dliquibase.password=" + db.password());
        }
        args.addAll(List.of(extra));
        return maven.run(project, args.toArray(String[]::new));
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
    }

    private void assertBookkeeping(int executed) throws Exception {
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog")).isEqualTo(executed);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'"))
                .as("every changeset executed").isEqualTo(executed);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangeloglock WHERE locked")).as("lock released").isZero();
    }

    @Test
    void theSampleChangelogRunsSafelyWhileAWriterKeepsInserting() throws Exception {
        assertSucceeded(update("-Dliquibase.changesToApply=2")); // the tables and their rows
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);

        List<String> ddl;
        long worst;
        long elapsed;
        try (DdlProbe probe = DdlProbe.install(db);
             Writer writer = new Writer(db.openBare(),
                     "INSERT INTO items (note, qty, customer_id) VALUES (md5(random()::text), 1, 1)", 300)) {
            Thread.sleep(200);
            long start = System.nanoTime();
            Run rest = update(); // index, foreign key, backfill
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            worst = writer.worstMillis();
            assertSucceeded(rest);
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            ddl = probe.statements();
        }
        System.out.printf("LiquibaseMavenPluginTest: mvn liquibase:update (3 changesets) in %d ms,"
                + " writer's worst insert %d ms%n", elapsed, worst);
        assertThat(worst).as("writer's worst insert, ms (lock timeout 1 s)").isLessThan(1000);

        assertBookkeeping(5);
        assertThat(ddl).as("CREATE INDEX reached the server as CONCURRENTLY")
                .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("items_note_idx"))
                .noneSatisfy(s -> assertThat(s).matches("(?s)CREATE INDEX items_note_idx.*"));
        assertThat(ddl).as("the foreign key was added NOT VALID, then validated")
                .anySatisfy(s -> assertThat(s).contains("fk_items_customer").contains("NOT VALID"))
                .anySatisfy(s -> assertThat(s).contains("VALIDATE CONSTRAINT").contains("fk_items_customer"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_note_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'fk_items_customer' AND convalidated"
                + " AND connamespace = '" + db.schema() + "'::regnamespace")).as("validated foreign key").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty IS NULL")).as("backfilled").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%SET qty = 0%' AND batches > 1")).as("the backfill ran in batches").isEqualTo(1);
    }

    @Test
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
