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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway's Maven plugin running the sample project {@code src/test/sample-projects/flyway-maven} (a
 * standalone pom with the driver as a plugin dependency) in a child {@code mvn flyway:migrate} against
 * {@code jdbc:safemigrate:postgresql:} with the driver's default settings, while another session keeps
 * inserting into the table the migrations change. The sample configures nothing for safemigrate: the
 * plugin's default for Flyway's transactional lock must hold under the Maven plugin too.
 */
@RealDatabase(Engine.POSTGRESQL)
class FlywayMavenPluginTest {
    /** Rows V1__create_tables.sql inserts. */
    private static final int ROWS = 20_000;

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final TestDatabase db;
    private Path project;

    FlywayMavenPluginTest(TestDatabase db) {
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
        // Flyway wants an empty schema (or its history table): start each test from a fresh one.
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        project = maven.copy("flyway-maven", dir.resolve("flyway-maven"));
    }

    /** {@code mvn flyway:migrate} on the test's schema (the same way a team points it at one schema of many). */
    private Run migrate(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("flyway:migrate", "-Dflyway.url=" + db.safeUrl(),
                "-Dflyway.user=" + db.user(), "-Dflyway.schemas=" + db.schema(), "-Dflyway.defaultSchema=" + db.schema()));
        if (!db.password().isEmpty()) {
            args.add("-Dflyway.password=" + db.password());
        }
        args.addAll(List.of(extra));
        return maven.run(project, args.toArray(String[]::new));
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
    }

    private Path migration(String name) {
        return project.resolve("src/main/resources/db/migration").resolve(name);
    }

    @Test
    void theSampleMigratesSafelyWhileAWriterKeepsInserting() throws Exception {
        assertSucceeded(migrate("-Dflyway.target=1"));
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);

        List<String> ddl;
        long worst;
        long elapsed;
        try (DdlProbe probe = DdlProbe.install(db);
             Writer writer = new Writer(db.openBare(),
                     "INSERT INTO items (id, owner_id, v) VALUES (nextval('items_extra'), 1, 0)", 300)) {
            Thread.sleep(200);
            long start = System.nanoTime();
            Run rest = migrate();
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            worst = writer.worstMillis();
            assertSucceeded(rest);
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            ddl = probe.statements();
        }
        System.out.printf("FlywayMavenPluginTest: mvn flyway:migrate (V2-V4) in %d ms, writer's worst insert %d ms%n",
                elapsed, worst);
        assertThat(worst).as("writer's worst insert, ms (lock timeout 1 s)").isLessThan(1000);

        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success"))
                .as("every migration, successful").isEqualTo(4);
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();

        assertThat(ddl.stream().filter(s -> s.contains("items_v_idx")).toList()).isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsIgnoringCase("CREATE INDEX CONCURRENTLY"));
        assertThat(ddl.stream().filter(s -> s.contains("items_owner_fk")).toList())
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("NOT VALID"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_v_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'items_owner_fk' AND convalidated"
                + " AND connamespace = '" + db.schema() + "'::regnamespace")).as("validated foreign key").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note = 'n' || v"))
                .as("backfilled").isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%SET note%' AND batches > 1")).as("the backfill ran in batches").isEqualTo(1);
    }

    @Test
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
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success"))
                .isEqualTo(4);
    }

    @Test
    void aFailingMigrationFailsTheBuildWithFlywaysErrorAndTheFixConverges() throws Exception {
        assertSucceeded(migrate());
        Files.writeString(migration("V5__broken.sql"), """
                CREATE INDEX items_owner_idx ON items (owner_id);
                ALTER TABLE items ADD COLUMN flag int DEFAULT;
                """);
        Run broken = migrate();
        assertThat(broken.exitCode()).as("mvn exit code; its output:%n%s", broken.output()).isNotZero();
        assertThat(broken.output()).contains("BUILD FAILURE", "V5__broken.sql", "42601");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5'"))
                .as("no history row for the failed migration").isZero();

        Files.writeString(migration("V5__broken.sql"), """
                CREATE INDEX items_owner_idx ON items (owner_id);
                ALTER TABLE items ADD COLUMN flag int DEFAULT 0;
                """);
        assertSucceeded(migrate());
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5' AND success"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_owner_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE flag = 0")).isEqualTo(ROWS);
    }
}
