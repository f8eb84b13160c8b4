package dev.safemigrate.it;

import dev.safemigrate.it.agent.FlywayApp;
import dev.safemigrate.it.agent.MigrationToolApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM that runs Flyway's Java API with its default
 * settings and a plain {@code jdbc:postgresql:} URL ({@link FlywayApp}), with no safemigrate driver on
 * its class path: the agent wraps Flyway's connection, our Flyway plugin (carried by the agent jar)
 * turns Flyway's transactional lock off, index builds reach the server CONCURRENTLY and an ALTER behind
 * a long transaction no longer stalls writers. With {@code when=migration-tool} only Flyway's
 * connections are touched, not the application's own.
 *
 * <p>Flyway's command-line entry point ({@code org.flywaydb.commandline.Main}) is not used: its
 * artifact depends on Flyway modules that are not published to the package registry this build uses.
 */
@RealDatabase(Engine.POSTGRESQL)
class AgentFlywayTest {
    private static final int ROWS = 30_000;
    private static final String FLYWAY_LOCK_OFF = "safemigrate: using Flyway's session advisory lock"
            + " (flyway.postgresql.transactional.lock=false)";
    private static final String SAFE_CONNECTION = "dev.safemigrate.jdbc.SafeConnection";

    private final TestDatabase db;

    @TempDir
    Path migrations;

    AgentFlywayTest(TestDatabase db) {
        this.db = db;
    }

    /** The schema Flyway migrates: empty at the start, as Flyway wants (the test's schema holds the DDL probe). */
    private String flywaySchema() {
        return db.schema() + "_fw";
    }

    /** The plain URL the forked Flyway gets: the test database, with Flyway's schema as the current schema. */
    private String flywayUrl() {
        String own = "currentSchema=" + db.schema();
        assertThat(db.bareUrl()).contains(own);
        return db.bareUrl().replace(own, "currentSchema=" + flywaySchema());
    }

    private ForkedJvm flyway() {
        return ForkedJvm.of(FlywayApp.class).database(flywayUrl(), db.user(), db.password())
                .args(migrations.toString());
    }

    @BeforeEach
    void emptySchemaAndATable() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS \"" + flywaySchema() + "\" CASCADE", "CREATE SCHEMA \"" + flywaySchema() + "\"");
        write("V1__accounts.sql", """
                CREATE TABLE accounts (id bigserial PRIMARY KEY, v int NOT NULL);
                INSERT INTO accounts (v) SELECT g % 100 FROM generate_series(1, ROWS) g;
                ANALYZE accounts;
                """.replace("ROWS", Integer.toString(ROWS)));
    }

    @AfterEach
    void dropFlywaySchema() throws SQLException {
        db.execute("DROP SCHEMA IF EXISTS \"" + flywaySchema() + "\" CASCADE");
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    @Test
    void flywayWithDefaultSettingsOnThePlainUrlBuildsIndexesConcurrentlyUnderTheAgentsLockTimeout() throws Exception {
        write("V2__index.sql", "CREATE INDEX accounts_v_idx ON accounts (v);\n");
        write("V3__column.sql", "ALTER TABLE accounts ADD COLUMN note text;\n");
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = flyway().withAgent("rewrite.minRows=1000,lockTimeout=700ms,lockTimeout.first=off").run(180)
                    .assertSucceeded();
            List<String> ddl = probe.statements();
            List<String> timeouts = probe.lockTimeouts();
            System.out.println("Flyway under the agent: " + ddl + " under lock_timeout " + timeouts);

            assertThat(run.reported("flywayConnection")).as("Flyway migrates on our connection")
                    .isEqualTo(SAFE_CONNECTION);
            assertThat(run.reported("migrationsExecuted")).isEqualTo("3");
            assertThat(run.reported("success")).isEqualTo("true");
            assertThat(run.reported("transactionalLock")).as("turned off by our Flyway plugin from the agent jar")
                    .isEqualTo("false");
            assertThat(run.output()).contains(FLYWAY_LOCK_OFF);

            assertThat(ddl).as("what reached the server")
                    .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("accounts_v_idx"))
                    .noneSatisfy(s -> assertThat(s).startsWith("CREATE INDEX accounts_v_idx"));
            int alter = ddl.indexOf("ALTER TABLE accounts ADD COLUMN note text");
            assertThat(alter).as("the ALTER reached the server as written").isNotNegative();
            assertThat(timeouts.get(alter)).as("the agent's lockTimeout option").isEqualTo("700ms");
        }
        assertThat(history("success")).isEqualTo(3);
        assertThat(history("NOT success")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + flywaySchema()
                + ".accounts_v_idx') AND indisvalid AND indisready")).as("a valid index").isEqualTo(1);
    }

    @Test
    void anAlterQueuedBehindALongTransactionStallsAWriterWithoutTheAgentAndNotWithIt() throws Exception {
        flyway().run(180).assertSucceeded(); // V1: the table
        String table = flywaySchema() + ".accounts";
        String insert = "INSERT INTO " + table + " (v) VALUES (1)";

        write("V2__flag.sql", "ALTER TABLE accounts ADD COLUMN flag boolean;\n");
        AlterBehindBlocker.ForkedRun bare = AlterBehindBlocker.writerWhileForkedAlterWaits(db, flyway(), table,
                "ALTER TABLE accounts ADD COLUMN flag", insert, 2500);

        write("V3__flag2.sql", "ALTER TABLE accounts ADD COLUMN flag2 boolean;\n");
        AlterBehindBlocker.ForkedRun agent = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                flyway().withAgent("lockTimeout=200ms,retry.maxAttempts=200,retry.baseDelay=100ms,retry.maxDelay=300ms"
                        + ",preWait=false,lockTimeout.first=off"),
                table, "ALTER TABLE accounts ADD COLUMN flag2", insert, 2500);
        System.out.println("Writer's worst insert while Flyway's ALTER waited 2.5 s for a transaction: bare "
                + bare.writerWorstMillis() + " ms (" + bare.writes() + " writes), with the agent "
                + agent.writerWorstMillis() + " ms (" + agent.writes() + " writes)");

        assertThat(bare.result().reported("transactionalLock")).as("Flyway's default without the agent").isEqualTo("true");
        assertThat(bare.writerWorstMillis()).as("without the agent the writer queues behind Flyway's ALTER")
                .isGreaterThan(2000);
        assertThat(agent.result().reported("flywayConnection")).isEqualTo(SAFE_CONNECTION);
        assertThat(agent.result().output()).as("the agent's ALTER gave up after its lock timeout and tried again")
                .contains("could not get its lock (lock timeout 200 ms)");
        assertThat(agent.writerWorstMillis()).as("with the agent each attempt gives up after 200 ms").isLessThan(1000);
        assertThat(history("success")).isEqualTo(3);
        assertThat(history("NOT success")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                + flywaySchema() + "' AND table_name = 'accounts' AND column_name IN ('flag', 'flag2')")).isEqualTo(2);
    }

    /**
     * {@code when=migration-tool}: an application that does its own DDL on a plain connection and then
     * migrates with Flyway. Its own connection stays pgjdbc's and its statement reaches the server as
     * written, with no lock timeout; Flyway's connection is ours and its index build is CONCURRENTLY.
     */
    @Test
    void withWhenMigrationToolOnlyFlywaysConnectionsAreMadeSafe() throws Exception {
        db.execute("DROP TABLE IF EXISTS app_accounts",
                "CREATE TABLE app_accounts (id bigserial PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO app_accounts (v) SELECT g % 100 FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE app_accounts");
        String appIndex = "CREATE INDEX app_accounts_v_idx ON " + db.schema() + ".app_accounts (v)";
        write("V2__index.sql", "CREATE INDEX accounts_v_idx ON accounts (v);\n");
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = ForkedJvm.of(MigrationToolApp.class)
                    .withAgent("when=migration-tool,rewrite.minRows=1000,lockTimeout=700ms,lockTimeout.first=off")
                    .database(flywayUrl(), db.user(), db.password()).args(appIndex, migrations.toString())
                    .run(180).assertSucceeded();
            List<String> ddl = probe.statements();
            List<String> timeouts = probe.lockTimeouts();
            System.out.println("Application, then Flyway, under when=migration-tool: " + ddl + " under lock_timeout "
                    + timeouts);

            assertThat(run.reported("appConnection")).as("the application's own connection is left alone")
                    .isEqualTo("org.postgresql.jdbc.PgConnection");
            assertThat(ddl.get(0)).as("the application's statement reached the server as written").isEqualTo(appIndex);
            assertThat(timeouts.get(0)).as("and without a lock timeout").isEqualTo("0");

            assertThat(run.reported("flywayConnection")).as("Flyway's connection is ours").isEqualTo(SAFE_CONNECTION);
            assertThat(run.reported("migrationsExecuted")).isEqualTo("2");
            assertThat(run.output()).contains(FLYWAY_LOCK_OFF);
            assertThat(ddl).anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("accounts_v_idx"))
                    .noneSatisfy(s -> assertThat(s).startsWith("CREATE INDEX accounts_v_idx"));
        }
        assertThat(history("success")).isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".app_accounts_v_idx') AND indisvalid")).isEqualTo(1);
    }

    private long history(String condition) throws SQLException {
        return db.queryLong("SELECT count(*) FROM \"" + flywaySchema() + "\".flyway_schema_history WHERE version IS NOT NULL"
                + " AND " + condition);
    }
}
