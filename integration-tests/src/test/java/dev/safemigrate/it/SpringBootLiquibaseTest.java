package dev.safemigrate.it;

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
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with the starter, migrating with Boot's Liquibase auto-configuration at start-up
 * (formatted SQL changelogs in src/test/resources/spring-boot): the changesets reach the server in their safe forms
 * and report to the application's meter registry; the application's pool stays untouched.
 */
class SpringBootLiquibaseTest {
    static final int ROWS = 20_000;
    static final String SETTINGS = "safemigrate.rewrite.min-rows=1000";

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        /** Empties the class's schema or database. */
        abstract void freshSchema() throws Exception;

        abstract String changelog();

        @BeforeEach
        void emptySchema() throws Exception {
            freshSchema();
        }

        ConfigurableApplicationContext start(String changelog, String... properties) {
            List<String> all = new ArrayList<>(List.of("spring.liquibase.change-log=classpath:spring-boot/" + changelog,
                    "spring.flyway.enabled=false"));
            all.addAll(List.of(properties));
            return MigratingApplication.start(db, db.bareUrl(), all.toArray(String[]::new));
        }

        String safeIndexMarker() {
            return ApplicationChecks.safeIndexMarker(db.engine());
        }

        @Test
        void migratesSafelyThroughTheApplicationsPoolWhichStaysPlain() throws Exception {
            try (ConfigurableApplicationContext first = start(changelog() + "-first.sql", SETTINGS)) {
                assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);
            }
            // deployed again with two more changesets, while production keeps writing
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 Writer writer = new Writer(db.openBare(), "UPDATE items SET v = v WHERE id = 7", 300);
                 ConfigurableApplicationContext app = start(changelog() + ".sql", SETTINGS,
                         "safemigrate.batch.min-rows=1000", "safemigrate.batch.max-size=2000")) {
                assertThat(writer.worstMillis()).as("the writer's worst update while Liquibase migrated, ms").isLessThan(1000);
                assertThat(writer.writes()).isGreaterThan(10);

                assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE EXECTYPE = 'EXECUTED'")).isEqualTo(3);
                assertThat(db.queryLong("SELECT count(*) FROM items WHERE note IS NULL")).as("backfilled").isZero();
                ApplicationChecks.assertMigratedSafelyAndTheApplicationStaysPlain(app, db, server,
                        app.getBean(SpringLiquibase.class).getDataSource(), "items");
            }
        }

        @Test
        void aLiquibaseUrlOfItsOwnIsWrappedToo() throws Exception {
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 ConfigurableApplicationContext app = start(changelog() + ".sql", SETTINGS,
                         "spring.liquibase.url=" + db.bareUrl(), "spring.liquibase.user=" + db.user(),
                         "spring.liquibase.password=" + db.password())) {
                assertThat(app.getBean(SpringLiquibase.class).getDataSource()).isInstanceOf(MigrationDataSource.class)
                        .isNotSameAs(app.getBean(DataSource.class));
                assertThat(server.statements()).filteredOn(s -> s.contains("items_v_idx")).isNotEmpty()
                        .allSatisfy(s -> assertThat(s).containsIgnoringCase(safeIndexMarker()));
                assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE EXECTYPE = 'EXECUTED'")).isEqualTo(3);
            }
        }

        @Test
        void offWithEnabledFalse() throws Exception {
            try (ServerStatements server = ServerStatements.start(db.engine(), db);
                 ConfigurableApplicationContext app = start(changelog() + ".sql", SETTINGS, "safemigrate.enabled=false")) {
                assertThat(app.getBeansOfType(MigrationDataSources.class)).isEmpty();
                assertThat(app.getBean(SpringLiquibase.class).getDataSource()).isSameAs(app.getBean(DataSource.class));
                assertThat(server.statements()).filteredOn(s -> s.contains("items_v_idx")).singleElement()
                        .satisfies(s -> assertThat(s).doesNotContainIgnoringCase(safeIndexMarker()));
            }
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        void freshSchema() throws Exception {
            db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                    "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        }

        @Override
        String changelog() {
            return "changelog-postgresql";
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        void freshSchema() throws Exception {
            MySqlSchema.recreate(db);
        }

        @Override
        String changelog() {
            return "changelog-mysql";
        }
    }
}
