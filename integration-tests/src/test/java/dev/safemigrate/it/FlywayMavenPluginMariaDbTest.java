package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.GeneralLog;
import dev.safemigrate.it.support.MavenSamples;
import dev.safemigrate.it.support.MavenSamples.Run;
import dev.safemigrate.it.support.MySqlSchema;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.safemigrate.it.support.MariaDbMigrationSet.INSERT;
import static dev.safemigrate.it.support.MariaDbMigrationSet.PLAIN_FOREIGN_KEY;
import static dev.safemigrate.it.support.MariaDbMigrationSet.SAMPLE;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertBatchedBackfill;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertMigrated;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertOnlineForms;
import static dev.safemigrate.it.support.MariaDbMigrationSet.migrationsOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway's Maven plugin running the sample project {@code src/test/sample-projects/flyway-maven-mariadb}
 * (the driver, MariaDB's client and flyway-mysql as plugin dependencies; nothing configured for safemigrate)
 * in a child {@code mvn} against {@code jdbc:safemigrate:mariadb:}, while another session keeps inserting into
 * the table the migrations change. The story a user lives through: the foreign key written the plain way is
 * refused (the server could add it only by copying the table) and fails the build with Flyway's error; the
 * sample's V5 (the recipe: {@code foreign_key_checks} off for that one ALTER) and {@code flyway:repair} then
 * let the same command finish the set. One child Maven per step keeps the test short.
 */
@RealDatabase(Engine.MYSQL)
class FlywayMavenPluginMariaDbTest {
    /** The lock timeout (1 s, the default): a writer waiting that long would mean a DDL queued it behind a lock. */
    private static final long MAX_STALL_MS = 1000;

    @TempDir
    static Path shared;
    private static MavenSamples maven;

    private final TestDatabase db;

    FlywayMavenPluginMariaDbTest(TestDatabase db) {
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

    /** {@code mvn <goals> -Dflyway.url=jdbc:safemigrate:mariadb:… …} in {@code project}. */
    private Run mvn(Path project, List<String> goals, String... extra) throws Exception {
        String url = db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:mariadb:");
        List<String> args = new ArrayList<>(goals);
        args.addAll(List.of("-Dflyway.url=" + url, "-Dflyway.user=" + db.user()));
        if (!db.password().isEmpty()) {
            args.add("-Dflyway.password=" + db.password());
        }
        args.addAll(List.of(extra));
        return maven.run(project, args.toArray(String[]::new));
    }

    private static void assertSucceeded(Run run) {
        assertThat(run.exitCode()).as("mvn exit code; its output:%n%s", run.output()).isZero();
    }

    @Test
    void theSampleMigratesOnlineUnderAWriterAndARefusedForeignKeyConvergesAfterTheFix(@TempDir Path dir)
            throws Exception {
        MySqlSchema.recreate(db);
        Path project = maven.copy(SAMPLE, dir.resolve(SAMPLE));
        Path v5 = Path.of(migrationsOf(project), "V5__foreign_key.sql");
        String recipe = Files.readString(v5);
        assertSucceeded(mvn(project, List.of("flyway:migrate"), "-Dflyway.target=1"));
        Files.writeString(v5, PLAIN_FOREIGN_KEY);

        Run broken;
        Run fixed;
        long worst;
        List<String> statements;
        try (GeneralLog log = GeneralLog.start(db); Writer writer = new Writer(db.openBare(), INSERT, 300)) {
            Thread.sleep(200);
            writer.resetWorst();
            broken = mvn(project, List.of("flyway:migrate"));
            assertThat(broken.exitCode()).as("mvn exit code; its output:%n%s", broken.output()).isNotZero();
            assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5' AND success = 0"))
                    .as("Flyway's failed history row (MySQL DDL is not transactional)").isEqualTo(1);

            Files.writeString(v5, recipe);
            fixed = mvn(project, List.of("flyway:repair", "flyway:migrate"));
            worst = writer.worstMillis();
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(10);
            statements = log.statementsOnDatabase(db.schema());
        }
        System.out.printf("[safemigrate-it] FlywayMavenPluginMariaDbTest on %s: writer's worst insert %d ms over both"
                + " runs%n", db.serverVersion(), worst);
        assertThat(broken.output()).as("Flyway's error, with safemigrate's refusal in it")
                .contains("BUILD FAILURE", "V5__foreign_key.sql", "SM001", "[copying-alter]",
                        "needs foreign_key_checks=OFF", "SET foreign_key_checks = 0 before this statement");
        assertSucceeded(fixed);
        assertThat(fixed.output()).as("the policies' warnings reach the build log")
                .contains("[rename-column]", "[drop-column]", "[drop-table]");
        assertThat(worst).as("the writer's worst insert, ms").isLessThan(MAX_STALL_MS);
        assertOnlineForms(statements.stream().filter(s -> s.matches("(?is)\\s*(ALTER|CREATE|DROP)\\s.*")).toList());
        assertBatchedBackfill(statements);
        assertMigrated(db);
    }
}
