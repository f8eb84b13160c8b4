package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.MavenSamples;
import dev.safemigrate.it.support.MavenSamples.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application {@code src/test/sample-projects/spring-boot-flyway} run as a user runs it: a copy of the
 * project, {@code mvn spring-boot:run} with the datasource on the command line, the starter and the driver from
 * the samples' file repository (support/MavenSamples). The child Maven builds the application's own class path
 * from its pom, with the Flyway Boot manages; this JVM's class path plays no part. (The {@code -Dpostgresql.version}
 * MavenSamples passes is also the property Boot's pom manages the PostgreSQL client with: the application gets this
 * build's.)
 */
@RealDatabase(Engine.POSTGRESQL)
class SpringBootSampleTest {
    private static final String SAMPLE = "spring-boot-flyway";
    /** Rows the sample's V1 inserts. */
    private static final int ROWS = 20_000;

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final TestDatabase db;

    SpringBootSampleTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void starterRepository() throws Exception {
        maven = MavenSamples.create(shared);
    }

    @AfterAll
    static void forgetStarter() throws Exception {
        maven.close();
    }

    /** Flyway creates it: it refuses a non-empty schema without its history, and the class's holds the DDL probe's table. */
    private String schema() {
        return db.schema() + "_sample";
    }

    @BeforeEach
    @AfterEach
    void noSampleSchema() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS \"" + schema() + "\" CASCADE");
    }

    @Test
    void theSampleMigratesSafelyAtStartUpAndThenReadsThroughItsPlainPool(@TempDir Path dir) throws Exception {
        Path project = maven.copy(SAMPLE, dir.resolve(SAMPLE));
        String url = db.bareUrlOn(schema());
        String arguments = String.join(" ", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                "--spring.flyway.default-schema=" + schema());

        Run run;
        long elapsed;
        List<String> received;
        try (DdlProbe probe = DdlProbe.install(db)) {
            long start = System.nanoTime();
            run = maven.run(project, "-q", "spring-boot:run", "-Dspring-boot.run.arguments=" + arguments);
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            received = probe.statements();
        }
        System.out.printf("[safemigrate-it] SpringBootSampleTest on %s: mvn spring-boot:run in %d ms%n",
                db.serverVersion(), elapsed);

        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
        assertThat(run.output()).as("the runner's line, read through the application's pool after Flyway")
                .contains("sample: " + ROWS + " items, note filled for " + ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM \"" + schema() + "\".flyway_schema_history"
                + " WHERE success AND version IN ('1', '2', '3')")).as("V1-V3, successful").isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM \"" + schema() + "\".flyway_schema_history WHERE NOT success"))
                .isZero();
        assertThat(received).filteredOn(s -> s.contains("items_v_idx")).as("V2 as the server received it")
                .isNotEmpty().allSatisfy(s -> assertThat(s).containsIgnoringCase("CREATE INDEX CONCURRENTLY"));
        Matcher batched = Pattern.compile("Batched UPDATE items SET note = 'n' \\|\\| v WHERE note IS NULL: done, "
                + ROWS + " rows in (\\d+) batches").matcher(run.output());
        assertThat(batched.find()).as("the driver's log of V3's backfill; the output:%n%s", run.output()).isTrue();
        assertThat(Integer.parseInt(batched.group(1))).as("batches of at most batch.max-size (application.yml)")
                .isGreaterThanOrEqualTo(ROWS / 2000);
        assertThat(run.output()).as("the application's pool hands out the real driver's connections")
                .contains("HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection");
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('\"" + schema()
                + "\".items_v_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
    }
}
