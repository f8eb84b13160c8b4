package dev.safemigrate.it;

import dev.safemigrate.it.agent.HikariApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM whose HikariCP pool is configured with a plain
 * {@code jdbc:postgresql:} URL, or with pgjdbc's {@code PGSimpleDataSource}, and nothing of safemigrate
 * ({@link HikariApp}): every pooled connection is ours exactly once behind Hikari's proxy (the pool's
 * own {@code getConnection} and the driver's or data source's beneath it are all instrumented), DDL
 * through the pool retries behind a long transaction, and a writer stalls only without the agent.
 */
@RealDatabase(Engine.POSTGRESQL)
class AgentHikariTest {
    private static final String HIKARI_PROXY = "com.zaxxer.hikari.pool.HikariProxyConnection";
    private static final String PGJDBC = "org.postgresql.jdbc.PgConnection";

    private final TestDatabase db;

    AgentHikariTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws Exception {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id bigserial PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO accounts (v) SELECT g % 100 FROM generate_series(1, 20000) g",
                "ANALYZE accounts");
    }

    /**
     * {@code jdbcUrl}: Hikari's DriverDataSource over {@code Driver#connect}; {@code dataSource}:
     * PGSimpleDataSource; {@code lazy}: {@code new HikariDataSource()} and setters (Spring Boot's way), so
     * the pool opens its first connection inside the application's first {@code getConnection()}.
     */
    @ParameterizedTest(name = "Hikari over {0}")
    @ValueSource(strings = {"jdbcUrl", "dataSource", "lazy"})
    void everyPooledConnectionIsOursExactlyOnce(String how) throws Exception {
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = ForkedJvm.of(HikariApp.class).withAgent("rewrite.minRows=1000").database(db)
                    .args(how, "CREATE INDEX accounts_v_idx ON accounts (v)").run(120).assertSucceeded();
            System.out.println("Hikari over " + how + " under the agent: " + run.output().lines()
                    .filter(l -> l.startsWith("first.") || l.startsWith("second.")).toList());

            for (String borrowed : new String[] {"first", "second"}) {
                assertThat(run.reported(borrowed + ".proxy")).as(borrowed + ": what the application holds")
                        .isEqualTo(HIKARI_PROXY);
                assertThat(run.reported(borrowed + ".ours")).as(borrowed + ": isWrapperFor(SafeConnection)")
                        .isEqualTo("true");
                assertThat(run.reported(borrowed + ".safeLayers")).as(borrowed + ": wrapped once, not twice")
                        .isEqualTo("1");
                assertThat(run.reported(borrowed + ".real")).as(borrowed + ": beneath our one layer").isEqualTo(PGJDBC);
            }
            assertThat(probe.statements()).as("what reached the server").singleElement()
                    .satisfies(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("accounts_v_idx"));
        }
    }

    @Test
    void anAlterThroughThePoolRetriesBehindALongTransactionAndOnlyWithoutTheAgentStallsAWriter() throws Exception {
        String insert = "INSERT INTO accounts (v) VALUES (1)";
        AlterBehindBlocker.ForkedRun bare = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                ForkedJvm.of(HikariApp.class).database(db).args("jdbcUrl", "ALTER TABLE accounts ADD COLUMN flag boolean"),
                "accounts", "ALTER TABLE accounts ADD COLUMN flag", insert, 2500);
        AlterBehindBlocker.ForkedRun agent = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                ForkedJvm.of(HikariApp.class)
                        .withAgent("lockTimeout=200ms,retry.maxAttempts=200,retry.baseDelay=100ms,retry.maxDelay=300ms"
                                + ",preWait=false,lockTimeout.first=off")
                        .database(db).args("jdbcUrl", "ALTER TABLE accounts ADD COLUMN flag2 boolean"),
                "accounts", "ALTER TABLE accounts ADD COLUMN flag2", insert, 2500);
        System.out.println("Writer's worst insert while an ALTER through Hikari waited 2.5 s for a transaction: bare "
                + bare.writerWorstMillis() + " ms (" + bare.writes() + " writes), with the agent "
                + agent.writerWorstMillis() + " ms (" + agent.writes() + " writes)");

        assertThat(bare.result().reported("first.ours")).isEqualTo("false");
        assertThat(bare.result().reported("first.real")).isEqualTo(PGJDBC);
        assertThat(bare.writerWorstMillis()).as("without the agent the writer queues behind the ALTER")
                .isGreaterThan(2000);
        assertThat(agent.result().reported("first.ours")).isEqualTo("true");
        assertThat(agent.result().output()).as("the agent's ALTER gave up after its lock timeout and tried again")
                .contains("could not get its lock (lock timeout 200 ms)");
        assertThat(agent.writerWorstMillis()).as("with the agent each attempt gives up after 200 ms").isLessThan(1000);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'accounts' AND column_name IN ('flag', 'flag2')")).isEqualTo(2);
    }
}
