package dev.safemigrate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.GeneralLog;
import dev.safemigrate.it.support.MavenSamples;
import dev.safemigrate.it.support.MySqlSchema;
import dev.safemigrate.it.support.Writer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static dev.safemigrate.it.support.MariaDbMigrationSet.INSERT;
import static dev.safemigrate.it.support.MariaDbMigrationSet.MIGRATIONS;
import static dev.safemigrate.it.support.MariaDbMigrationSet.PLAIN_FOREIGN_KEY;
import static dev.safemigrate.it.support.MariaDbMigrationSet.ROWS;
import static dev.safemigrate.it.support.MariaDbMigrationSet.SAMPLE;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertBatchedBackfill;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertMigrated;
import static dev.safemigrate.it.support.MariaDbMigrationSet.assertOnlineForms;
import static dev.safemigrate.it.support.MariaDbMigrationSet.migrationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway (Java API, the driver's default settings) on MySQL/MariaDB through {@code jdbc:safemigrate:mysql:}
 * (Connector/J) and {@code jdbc:safemigrate:mariadb:} (MariaDB's client), and through a HikariCP pool: the
 * migration set of the {@code flyway-maven-mariadb} sample — one rule family per migration on a 20,000-row
 * table — runs while another session keeps inserting into that table. Flyway's stock MySQL/MariaDB type runs
 * it, every history row is successful, the online form of each statement is what reached the server (the
 * general log), and the writer is never stalled for the lock timeout. A foreign key the server could only add
 * by copying the table is refused: Flyway's usual error and failed history row, and after the fix and Flyway's
 * {@code repair} (MySQL DDL is not transactional) the run converges.
 */
@RealDatabase(Engine.MYSQL)
class FlywayMySqlTest {
    /** The lock timeout (1 s, the default): a writer waiting that long would mean a DDL queued it behind a lock. */
    private static final long MAX_STALL_MS = 1000;

    private final TestDatabase db;

    @TempDir
    Path project;

    FlywayMySqlTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void freshDatabaseAndMigrations() throws Exception {
        MySqlSchema.recreate(db);
        MavenSamples.copyTree(MavenSamples.source(SAMPLE), project);
    }

    private Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, db.user(), db.password())
                .locations("filesystem:" + migrationsOf(project)).target(target).load();
    }

    private Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + migrationsOf(project)).target(target).load();
    }

    /** What a migration run under a concurrent writer showed. */
    private record UnderWriter(MigrateResult result, long millis, long worstInsertMillis, long writes,
                               List<String> statements) {
    }

    /** Runs {@code migrate} while a bare session keeps inserting into {@code items}, with the general log on. */
    private UnderWriter underWriter(GeneralLog log, Callable<MigrateResult> migrate) throws Exception {
        try (Writer writer = new Writer(db.openBare(), INSERT, 300)) {
            Thread.sleep(200);
            writer.resetWorst();
            long start = System.nanoTime();
            MigrateResult result = migrate.call();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long worst = writer.worstMillis();
            return new UnderWriter(result, millis, worst, writer.writes(), log.statementsOnDatabase(db.schema()));
        }
    }

    private void assertSafe(String what, UnderWriter run) throws Exception {
        System.out.printf("[safemigrate-it] FlywayMySqlTest %s on %s: V2-V%d in %d ms, writer's worst insert %d ms"
                + " over %d inserts%n", what, db.serverVersion(), MIGRATIONS, run.millis(), run.worstInsertMillis(),
                run.writes());
        assertThat(run.result().success).isTrue();
        assertThat(run.result().migrationsExecuted).isEqualTo(MIGRATIONS - 1);
        assertThat(run.writes()).as("the writer kept going").isGreaterThan(10);
        assertThat(run.worstInsertMillis()).as("the writer's worst insert, ms").isLessThan(MAX_STALL_MS);
        assertOnlineForms(ddlOf(run.statements()));
        assertBatchedBackfill(run.statements());
        assertMigrated(db);
    }

    private static List<String> ddlOf(List<String> statements) {
        return statements.stream().filter(s -> s.matches("(?is)\\s*(ALTER|CREATE|DROP)\\s.*")).toList();
    }

    @ParameterizedTest(name = "jdbc:safemigrate:{0}:")
    @ValueSource(strings = {"mysql", "mariadb"})
    void everyRuleFamilyMigratesOnlineWhileAWriterKeepsInserting(String subprotocol) throws Exception {
        String url = db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + subprotocol + ":");
        assertThat(url).startsWith("jdbc:safemigrate:" + subprotocol + "://");
        assertThat(flyway(url, "1").migrate().migrationsExecuted).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);

        Flyway flyway = flyway(url, "latest");
        UnderWriter run;
        try (GeneralLog log = GeneralLog.start(db)) {
            run = underWriter(log, flyway::migrate);
        }
        assertSafe(url.substring(0, url.indexOf("//")), run);
        assertThat(flyway.migrate().migrationsExecuted).as("a second run finds nothing to do").isZero();
    }

    @Test
    void aHikariPoolOnTheSafeUrlWorksTheSame() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.safeUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        // the log first: the pool opens its connections at once, and the log knows sessions by their connect
        try (GeneralLog log = GeneralLog.start(db); HikariDataSource pool = new HikariDataSource(config)) {
            assertThat(flyway(pool, "1").migrate().migrationsExecuted).isEqualTo(1);
            assertSafe("HikariCP", underWriter(log, flyway(pool, "latest")::migrate));
        }
    }

    @Test
    void aRefusedCopyingAlterFailsItsMigrationWithFlywaysErrorAndTheFixConvergesAfterARepair() throws Exception {
        Path v5 = Path.of(migrationsOf(project), "V5__foreign_key.sql");
        String fixed = Files.readString(v5);
        assertThat(flyway(db.safeUrl(), "4").migrate().migrationsExecuted).isEqualTo(4);

        Files.writeString(v5, PLAIN_FOREIGN_KEY);
        assertThatThrownBy(() -> flyway(db.safeUrl(), "latest").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V5__foreign_key.sql")
                .hasMessageContaining("SM001")
                .hasMessageContaining("[copying-alter]")
                .hasMessageContaining("needs foreign_key_checks=OFF") // the server's reason
                .hasMessageContaining("SET foreign_key_checks = 0 before this statement") // the recipe
                .hasMessageContaining("nothing was changed");
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "items_owner_fk")).isFalse();
        // MySQL DDL is not transactional, so Flyway records the failure (on PostgreSQL it records nothing)
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5' AND success = 0"))
                .as("Flyway's failed history row").isEqualTo(1);
        assertThatThrownBy(() -> flyway(db.safeUrl(), "latest").migrate())
                .as("Flyway's usual answer until the failed row is repaired")
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("failed migration to version 5")
                .hasMessageContaining("repair");

        Files.writeString(v5, fixed); // the sample's V5: foreign_key_checks off for the ALTER, then on again
        Flyway flyway = flyway(db.safeUrl(), "latest");
        assertThat(flyway.repair().migrationsRemoved).as("repair removes the failed row").hasSize(1);
        MigrateResult again = flyway.migrate();
        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isEqualTo(MIGRATIONS - 4);
        assertMigrated(db);
    }

    @Test
    void underPolicyOnlineTheForeignKeyTheServerWouldCopyForIsAddedByAnOnlineCopyWhileAWriterInserts() throws Exception {
        Files.writeString(Path.of(migrationsOf(project), "V5__foreign_key.sql"), PLAIN_FOREIGN_KEY);
        String url = db.safeUrl("safemigrate.policy.copyingAlter=online");
        assertThat(flyway(url, "4").migrate().migrationsExecuted).isEqualTo(4);
        UnderWriter run;
        try (GeneralLog log = GeneralLog.start(db)) {
            run = underWriter(log, flyway(url, "latest")::migrate);
        }
        assertThat(run.result().success).isTrue();
        assertThat(run.result().migrationsExecuted).isEqualTo(MIGRATIONS - 4);
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "items_owner_fk")).isTrue();
        assertThat(run.statements()).as("the copy and its swap reached the server")
                .anySatisfy(s -> assertThat(s).contains("CREATE TABLE").contains("`_items_new` LIKE"))
                .anySatisfy(s -> assertThat(s).startsWith("RENAME TABLE").contains("`_items_old`"));
        // every DDL of the copy (triggers, the RENAME) waits at most one lock wait timeout (whole seconds here)
        assertThat(run.worstInsertMillis()).as("the writer's worst insert, ms").isLessThan(MAX_STALL_MS + 1500);
        assertThat(db.queryLong("SELECT count(*) FROM items")).as("V1's rows and the writer's").isGreaterThan(ROWS);
        assertMigrated(db);
    }
}
