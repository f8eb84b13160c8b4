package dev.safemigrate.it;

import dev.safemigrate.it.agent.DriverManagerApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM that migrates through {@code DriverManager} with a
 * plain {@code jdbc:postgresql:} URL and has no safemigrate driver on its class path: the agent's
 * connections rewrite and time out like the driver's; without the agent the same run stalls a writer;
 * connections the options do not select, and dry runs, send the SQL as written.
 */
@RealDatabase(Engine.POSTGRESQL)
class AgentDriverManagerTest {
    private static final String SMALL_TABLES_TOO = "rewrite.minRows=1000";
    private static final String INSERT = "INSERT INTO accounts (v) VALUES (1)";

    private final TestDatabase db;

    AgentDriverManagerTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws Exception {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id bigserial PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO accounts (v) SELECT g % 100 FROM generate_series(1, 20000) g",
                "ANALYZE accounts");
    }

    @Test
    void theAgentMakesThePlainUrlSafe() throws Exception {
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = ForkedJvm.of(DriverManagerApp.class).withAgent(SMALL_TABLES_TOO + ",lockTimeout=700ms,lockTimeout.first=off")
                    .database(db).args("CREATE INDEX accounts_v_idx ON accounts (v)",
                            "ALTER TABLE accounts ADD COLUMN note text").run(120).assertSucceeded();

            assertThat(run.reported("connection")).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            List<String> ddl = probe.statements();
            assertThat(ddl).as("what reached the server").anySatisfy(s -> assertThat(s)
                    .startsWith("CREATE INDEX CONCURRENTLY").contains("accounts_v_idx"));
            assertThat(probe.lockTimeouts().get(ddl.indexOf("ALTER TABLE accounts ADD COLUMN note text")))
                    .as("the agent's lockTimeout option").isEqualTo("700ms");
            assertThat(run.output()).as("the agent says which connections it made safe, without the URL's parameters")
                    .contains("connections to jdbc:postgresql://").doesNotContain("currentSchema");
            assertThat(run.reported("meters.rewrites")).as("the driver's meters, in the application's Micrometer")
                    .isEqualTo("1");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".accounts_v_idx') AND indisvalid")).isEqualTo(1);
    }

    @Test
    void anAlterBehindALongTransactionStallsAWriterWithoutTheAgentAndNotWithIt() throws Exception {
        String alter = "ALTER TABLE accounts ADD COLUMN flag boolean";
        long bare = whileAlterIsBlocked(ForkedJvm.of(DriverManagerApp.class).database(db).args(alter))
                .writerWorstMillis();
        db.execute("ALTER TABLE accounts DROP COLUMN flag");
        AlterBehindBlocker.ForkedRun preWait = whileAlterIsBlocked(ForkedJvm.of(DriverManagerApp.class)
                .withAgent("lockTimeout=200ms,retry.maxAttempts=200,retry.baseDelay=100ms,retry.maxDelay=300ms")
                .database(db).args(alter));
        db.execute("ALTER TABLE accounts DROP COLUMN flag");
        AlterBehindBlocker.ForkedRun fixed = whileAlterIsBlocked(ForkedJvm.of(DriverManagerApp.class)
                .withAgent("lockTimeout=200ms,retry.maxAttempts=200,retry.baseDelay=100ms,retry.maxDelay=300ms"
                        + ",preWait=false,lockTimeout.first=off")
                .database(db).args(alter));
        System.out.println("Writer's worst insert while the ALTER waited 2.5 s for a transaction: bare driver "
                + bare + " ms, with the agent " + preWait.writerWorstMillis() + " ms (defaults) / "
                + fixed.writerWorstMillis() + " ms (fixed 200 ms lock timeout)");

        assertThat(bare).as("without the agent the writer queues behind the ALTER").isGreaterThan(2000);
        assertThat(preWait.result().output()).as("with the defaults the agent's ALTER waited before queueing")
                .contains("Waiting before queueing ALTER TABLE accounts ADD COLUMN flag");
        assertThat(preWait.writerWorstMillis()).as("so the writer never queued behind it").isLessThan(300);
        assertThat(fixed.result().output()).contains("could not get its lock (lock timeout 200 ms)");
        assertThat(fixed.writerWorstMillis()).as("with a fixed timeout each attempt gives up after 200 ms")
                .isLessThan(1000);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'accounts' AND column_name = 'flag'")).as("the agent's ALTER succeeded in the end")
                .isEqualTo(1);
    }

    /** Starts {@code app}, waits until its ALTER is held up by the blocker, holds 2.5 s, then lets it finish. */
    private AlterBehindBlocker.ForkedRun whileAlterIsBlocked(ForkedJvm app) throws Exception {
        return AlterBehindBlocker.writerWhileForkedAlterWaits(db, app, "accounts", "ALTER TABLE accounts", INSERT, 2500);
    }

    @Test
    void connectionsTheOptionsDoNotSelectAreLeftAlone() throws Exception {
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = ForkedJvm.of(DriverManagerApp.class)
                    .withAgent(SMALL_TABLES_TOO + ",urls=^jdbc:mysql:").database(db)
                    .args("CREATE INDEX accounts_v_idx ON accounts (v)").run(120).assertSucceeded();

            assertThat(run.reported("connection")).isEqualTo("org.postgresql.jdbc.PgConnection");
            assertThat(probe.statements()).containsExactly("CREATE INDEX accounts_v_idx ON accounts (v)");
            assertThat(probe.lockTimeouts()).as("no lock timeout was set").containsExactly("0");
        }
    }

    @Test
    void aDryRunLogsWhatItWouldDoAndSendsTheStatementAsWritten() throws Exception {
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = ForkedJvm.of(DriverManagerApp.class).withAgent(SMALL_TABLES_TOO + ",dryRun=true")
                    .database(db).args("CREATE INDEX accounts_v_idx ON accounts (v)").run(120).assertSucceeded();

            assertThat(probe.statements()).containsExactly("CREATE INDEX accounts_v_idx ON accounts (v)");
            assertThat(probe.lockTimeouts()).containsExactly("0");
            assertThat(run.output()).contains("Dry run: would send instead [create-index] CREATE INDEX CONCURRENTLY");
        }
    }

    @Test
    void badOptionsStopTheJvmAndSayWhy() throws Exception {
        ForkedJvm.Result run = ForkedJvm.of(DriverManagerApp.class).withAgent("lockTimeout=fast").database(db)
                .args("SELECT 1").run(60);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("Bad value 'fast' for setting 'safemigrate.lockTimeout' (agent option)")
                .doesNotContain("done=true");
    }
}
