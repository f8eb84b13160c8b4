package dev.safemigrate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Writer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway (Java API, default settings) pointed at {@code jdbc:safemigrate:postgresql:}: migrations whose
 * index builds the driver runs CONCURRENTLY complete, because the plugin turns Flyway's transactional
 * advisory lock off unless the user set it.
 */
@RealDatabase(Engine.POSTGRESQL)
class FlywayPostgresTest {
    private static final int ROWS = 20_000;
    private static final String PARAMS = "safemigrate.rewrite.minRows=1000&safemigrate.batch.minRows=1000"
            + "&safemigrate.batch.maxSize=2000";

    private final TestDatabase db;
    private SimpleMeterRegistry meters;

    @TempDir
    Path migrations;

    FlywayPostgresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws Exception {
        // Flyway wants an empty schema (or its history table): start each test from a fresh one.
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"",
                "DROP SCHEMA IF EXISTS \"" + ownSchema() + "\" CASCADE");
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        write("V1__create.sql", """
                CREATE TABLE owners (id int PRIMARY KEY);
                INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
                CREATE TABLE items (id bigint PRIMARY KEY, owner_id int NOT NULL, v int NOT NULL, note text);
                INSERT INTO items SELECT g, 1 + g % 100, g % 1000, NULL FROM generate_series(1, ROWS) g;
                CREATE SEQUENCE items_extra START 1000000;
                """.replace("ROWS", Integer.toString(ROWS)));
        write("V2__index.sql", "CREATE INDEX items_v_idx ON items (v);\n");
        write("V3__foreign_key.sql",
                "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);\n");
        write("V4__backfill.sql", "UPDATE items SET note = 'n' || v WHERE note IS NULL;\n");
    }

    /** A schema Flyway creates itself (the test's schema holds the DDL probe's table). */
    private String ownSchema() {
        return db.schema() + "_fw";
    }

    @AfterEach
    void resetMeters() {
        SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(db.safeUrl(PARAMS), db.user(), db.password())
                .locations("filesystem:" + migrations).target(target).load();
    }

    private Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource).locations("filesystem:" + migrations).target(target).load();
    }

    private long analyzedV1() throws SQLException {
        db.execute("ANALYZE items");
        return db.queryLong("SELECT count(*) FROM items");
    }

    /** The build runs these suites on several Flyway versions: make sure the class path holds the one it meant. */
    @Test
    void runsOnTheFlywayTheBuildChose() throws IOException {
        String expected = System.getProperty("it.flyway.version");
        assertThat(expected).as("system property set by integration-tests/pom.xml").isNotBlank();
        try (var version = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
            assertThat(version).as("Flyway's version resource").isNotNull();
            assertThat(new String(version.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo(expected);
        }
    }

    @Test
    void defaultSettingsMigrateABigTableConcurrentlyWithoutStallingWriters() throws Exception {
        assertThat(flyway("1").migrate().migrationsExecuted).isEqualTo(1);
        assertThat(analyzedV1()).isEqualTo(ROWS);
        Flyway flyway = flyway("latest");
        try (DdlProbe probe = DdlProbe.install(db);
             Writer writer = new Writer(db.openBare(),
                     "INSERT INTO items (id, owner_id, v) VALUES (nextval('items_extra'), 1, 0)", 300)) {
            Thread.sleep(200);
            long start = System.nanoTime();
            MigrateResult result = flyway.migrate();
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isEqualTo(3);
            assertThat(elapsed).as("completes, no hang").isLessThan(60_000);
            assertThat(writer.worstMillis()).as("worst concurrent insert, ms").isLessThan(1000);
            assertThat(writer.writes()).isGreaterThan(10);
            assertMigratedSafely(probe.statements());
        }
        assertThat(flyway.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class)
                .isTransactionalLock()).as("turned off for our connection").isFalse();
        assertThat(meters.counter("safemigrate.batch.batches").count()).as("the backfill ran in batches")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aHikariPoolOnTheSafeUrlWorksTheSame() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.safeUrl(PARAMS));
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThat(flyway(pool, "1").migrate().migrationsExecuted).isEqualTo(1);
            assertThat(analyzedV1()).isEqualTo(ROWS);
            Flyway flyway = flyway(pool, "latest");
            try (DdlProbe probe = DdlProbe.install(db);
                 Writer writer = new Writer(db.openBare(),
                         "INSERT INTO items (id, owner_id, v) VALUES (nextval('items_extra'), 1, 0)", 300)) {
                Thread.sleep(200);
                MigrateResult result = flyway.migrate();
                assertThat(result.success).isTrue();
                assertThat(result.migrationsExecuted).isEqualTo(3);
                assertThat(writer.worstMillis()).as("worst concurrent insert, ms").isLessThan(1000);
                assertMigratedSafely(probe.statements());
            }
            assertThat(flyway.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class)
                    .isTransactionalLock()).as("recognised through Hikari's proxy").isFalse();
        }
    }

    private void assertMigratedSafely(List<String> ddl) throws SQLException {
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success"))
                .isEqualTo(4);
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_v_idx') AND indisvalid AND indisready")).as("valid index").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'items_owner_fk' AND convalidated"
                + " AND connamespace = '" + db.schema() + "'::regnamespace")).as("validated foreign key").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note IS NULL"))
                .as("backfilled").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note = 'n' || v"))
                .isEqualTo(ROWS);

        List<String> index = ddl.stream().filter(s -> s.contains("items_v_idx")).toList();
        assertThat(index).isNotEmpty().allSatisfy(s -> assertThat(s).containsIgnoringCase("CONCURRENTLY"));
        List<String> fk = ddl.stream().filter(s -> s.contains("items_owner_fk")).toList();
        assertThat(fk).anySatisfy(s -> assertThat(s).containsIgnoringCase("NOT VALID"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"));
    }

    @Test
    void flywaysOwnHistoryTableAndIndexPassUntouched() throws Exception {
        Flyway flyway = Flyway.configure().dataSource(db.safeUrl(PARAMS), db.user(), db.password())
                .locations("filesystem:" + migrations).target("1").defaultSchema(ownSchema()).load();
        try (DdlProbe probe = DdlProbe.install(db)) {
            assertThat(flyway.migrate().success).isTrue();
            List<String> history = probe.statements().stream().filter(s -> s.contains("flyway_schema_history")).toList();
            assertThat(history).anySatisfy(s -> assertThat(s).startsWithIgnoringCase("CREATE TABLE"))
                    .anySatisfy(s -> assertThat(s).containsIgnoringCase("CREATE INDEX \"flyway_schema_history_s_idx\""))
                    .noneSatisfy(s -> assertThat(s).containsIgnoringCase("CONCURRENTLY"));
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('\"" + ownSchema()
                + "\".flyway_schema_history_s_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM \"" + ownSchema()
                + "\".flyway_schema_history WHERE version = '1' AND success")).isEqualTo(1);
    }

    @Test
    void aFailingMigrationGivesFlywaysErrorAndARunAfterTheFixConverges() throws Exception {
        assertThat(flyway("latest").migrate().migrationsExecuted).isEqualTo(4);
        write("V5__broken.sql", """
                CREATE INDEX items_owner_idx ON items (owner_id);
                ALTER TABLE items ADD COLUMN flag int DEFAULT;
                """);
        assertThatThrownBy(() -> flyway("latest").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V5__broken.sql")
                .hasMessageContaining("42601");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5'")).isZero();

        write("V5__broken.sql", """
                CREATE INDEX items_owner_idx ON items (owner_id);
                ALTER TABLE items ADD COLUMN flag int DEFAULT 0;
                """);
        MigrateResult again = flyway("latest").migrate();
        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '5' AND success"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_owner_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE flag = 0")).isEqualTo(ROWS);
    }

    @Test
    void forcingTheTransactionalLockOnFailsFastNamingTheSetting() throws Exception {
        assertThat(flyway("1").migrate().migrationsExecuted).isEqualTo(1);
        analyzedV1();
        FluentConfiguration config = Flyway.configure().dataSource(db.safeUrl(PARAMS), db.user(), db.password())
                .locations("filesystem:" + migrations).target("2");
        // What flyway.postgresql.transactional.lock=true sets (the properties route needs jackson-databind).
        config.getPluginRegister().getExact(PostgreSQLConfigurationExtension.class).setTransactionalLock(true);
        Flyway forced = config.load();
        long start = System.nanoTime();
        assertThatThrownBy(forced::migrate)
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V2__index.sql")
                .hasStackTraceContaining("flyway.postgresql.transactional.lock=false");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("fails within seconds, no hang")
                .isLessThan(15_000);
        assertThat(forced.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class)
                .isTransactionalLock()).as("the user's explicit choice is kept").isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + db.schema()
                + ".items_v_idx')")).as("no INVALID index left").isZero();

        // Back to the default: the same migration now completes.
        assertThat(flyway("2").migrate().migrationsExecuted).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_v_idx') AND indisvalid")).isEqualTo(1);
    }

    @Test
    void aPlainPostgresUrlKeepsFlywaysStockTypeAndItsDefault() {
        Flyway plain = Flyway.configure().dataSource(db.bareUrl(), db.user(), db.password())
                .locations("filesystem:" + migrations).target("1").table("plain_history").load();
        assertThat(plain.migrate().success).isTrue();
        assertThat(plain.getConfiguration().getPluginRegister().getExact(PostgreSQLConfigurationExtension.class)
                .isTransactionalLock()).isTrue();
    }
}
