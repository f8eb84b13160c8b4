package dev.safemigrate.it;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.spring.ApplicationChecks;
import dev.safemigrate.it.spring.MigratingApplication;
import dev.safemigrate.it.support.MySqlSchema;
import dev.safemigrate.it.support.ServerStatements;
import dev.safemigrate.it.support.Writer;
import dev.safemigrate.spring.MigrationDataSource;
import dev.safemigrate.spring.MigrationDataSources;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Spring Boot application with the starter, migrating with Boot's Flyway auto-configuration at start-up: its
 * migrations reach the server in their safe forms and report to the application's meter registry, while the
 * application's own pool, and what the application sends through it, stays untouched.
 */
class SpringBootFlywayTest {
    static final int ROWS = 20_000;
    static final String SETTINGS = "safemigrate.rewrite.min-rows=1000";

    abstract static class Common {
        final TestDatabase db;

        @TempDir
        Path migrations;

        Common(TestDatabase db) {
            this.db = db;
        }

        /** Empties what Flyway migrates; writes the migrations. */
        abstract void freshSchema() throws Exception;

        /** The application's spring.datasource.url. */
        abstract String url();

        /** The schema Flyway migrates and the application's tables live in. */
        abstract String schema();

        abstract String v1();

        abstract String v3();

        String safeIndexMarker() {
            return ApplicationChecks.safeIndexMarker(db.engine());
        }

        @BeforeEach
        void migrationsAndAnEmptySchema() throws Exception {
            freshSchema();
            Files.writeString(migrations.resolve("V1__create.sql"), v1());
            Files.writeString(migrations.resolve("V2__index.sql"), "CREATE INDEX items_v_idx ON items (v);\n");
            Files.writeString(migrations.resolve("V3__backfill.sql"), v3());
        }

        ConfigurableApplicationContext start(String... properties) {
            List<String> all = new ArrayList<>(List.of("spring.flyway.locations=filesystem:" + migrations,
                    "spring.liquibase.enabled=false"));
            if (db.engine() == Engine.POSTGRESQL) {
                all.add("spring.flyway.default-schema=" + schema());
            }
            all.addAll(List.of(properties));
            return MigratingApplication.start(db, url(), all.toArray(String[]::new));
        }

        String table() {
            return quoted("items");
        }

        String quote() {
            return db.engine() == Engine.POSTGRESQL ? "\"" : "`";
        }

        @Test
        void migratesSafelyThroughTheApplicationsPoolWhichStaysPlain() throws Exception {
            try (ConfigurableApplicationContext first = start(SETTINGS, "spring.flyway.target=1")) {
                assertThat(db.queryLong("SELECT count(*) FROM " + table())).isEqualTo(ROWS);
            }
            // the application deployed again, with two new migrations, while production keeps writing
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 Writer writer = new Writer(db.openBare(), "UPDATE " + table() + " SET v = v WHERE id = 7", 300);
                 ConfigurableApplicationContext app = start(SETTINGS, "safemigrate.batch.min-rows=1000",
                         "safemigrate.batch.max-size=2000")) {
                assertThat(writer.worstMillis()).as("the writer's worst update while Flyway migrated, ms").isLessThan(1000);
                assertThat(writer.writes()).isGreaterThan(10);

                assertThat(db.queryLong("SELECT count(*) FROM " + quoted("flyway_schema_history") + " WHERE success AND script LIKE 'V%'"))
                        .isEqualTo(3);
                assertThat(db.queryLong("SELECT count(*) FROM " + table() + " WHERE note IS NULL")).as("backfilled").isZero();
                ApplicationChecks.assertMigratedSafelyAndTheApplicationStaysPlain(app, db, server,
                        app.getBean(Flyway.class).getConfiguration().getDataSource(), table());
            }
        }

        String quoted(String table) {
            return quote() + schema() + quote() + "." + table;
        }

        @Test
        void aFlywayUrlOfItsOwnIsWrappedToo() throws Exception {
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 ConfigurableApplicationContext app = start(SETTINGS, "spring.flyway.url=" + url(),
                         "spring.flyway.user=" + db.user(), "spring.flyway.password=" + db.password())) {
                DataSource flywayDataSource = app.getBean(Flyway.class).getConfiguration().getDataSource();
                assertThat(((MigrationDataSource) flywayDataSource).target()).isInstanceOf(SimpleDriverDataSource.class);
                assertThat(server.statements()).filteredOn(s -> s.contains("items_v_idx")).isNotEmpty()
                        .allSatisfy(s -> assertThat(s).containsIgnoringCase(safeIndexMarker()));
            }
        }

        @Test
        void offWithEnabledFalse() throws Exception {
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 ConfigurableApplicationContext app = start(SETTINGS, "safemigrate.enabled=false")) {
                assertThat(app.getBeansOfType(MigrationDataSources.class)).isEmpty();
                assertThat(app.getBean(Flyway.class).getConfiguration().getDataSource())
                        .isSameAs(app.getBean(DataSource.class));
                assertThat(server.statements()).filteredOn(s -> s.contains("items_v_idx")).singleElement()
                        .satisfies(s -> assertThat(s).doesNotContainIgnoringCase(safeIndexMarker()));
            }
        }

        @Test
        void aBadSettingStopsTheStartBeforeAnyMigrationRuns() throws Exception {
            assertThatThrownBy(() -> start("safemigrate.lock-timeout=soon").close())
                    .rootCause().isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("Bad value 'soon' for setting 'safemigrate.lockTimeout' (Spring property"
                            + " safemigrate.lock-timeout from ");
            assertThat(tableExists("flyway_schema_history")).as("Flyway did not start").isFalse();
        }

        abstract boolean tableExists(String table) throws Exception;
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        /** Flyway's own schema: it refuses to start in a non-empty one, and the class's holds the DDL probe's table. */
        @Override
        String schema() {
            return db.schema() + "_app";
        }

        @Override
        void freshSchema() throws Exception {
            db.execute("DROP SCHEMA IF EXISTS \"" + schema() + "\" CASCADE");
        }

        @AfterEach
        void dropTheApplicationsSchema() throws Exception {
            freshSchema();
        }

        @Override
        String url() {
            return db.bareUrlOn(schema());
        }

        @Override
        String v1() {
            return "CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL, note text);\n"
                    + "INSERT INTO items SELECT g, g % 1000, NULL FROM generate_series(1, " + ROWS + ") g;\n"
                    + "ANALYZE items;\n";
        }

        @Override
        String v3() {
            return "UPDATE items SET note = 'n' || v WHERE note IS NULL;\n";
        }

        @Override
        boolean tableExists(String table) throws Exception {
            return db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema() + "' AND tablename = '"
                    + table + "'") > 0;
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String schema() {
            return db.schema();
        }

        @Override
        void freshSchema() throws Exception {
            MySqlSchema.recreate(db);
        }

        @Override
        String url() {
            return db.bareUrl();
        }

        @Override
        String v1() {
            return "CREATE TABLE digits (d int NOT NULL);\n"
                    + "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);\n"
                    + "CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL, note varchar(20)) ENGINE=InnoDB;\n"
                    + "INSERT INTO items SELECT n, n % 1000, NULL FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d"
                    + " + 1000 * e.d + 10000 * f.d AS n FROM digits a, digits b, digits c, digits e, digits f) x"
                    + " WHERE n <= " + ROWS + ";\n"
                    + "ANALYZE TABLE items;\n";
        }

        @Override
        String v3() {
            return "UPDATE items SET note = concat('n', v) WHERE note IS NULL;\n";
        }

        @Override
        boolean tableExists(String table) throws Exception {
            return MySqlSchema.tableExists(db, table);
        }
    }
}
