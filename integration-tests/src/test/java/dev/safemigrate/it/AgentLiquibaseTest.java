package dev.safemigrate.it;

import dev.safemigrate.it.agent.LiquibaseApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM that runs Liquibase's {@code update} command on a
 * plain {@code jdbc:postgresql:} URL that Liquibase opens itself ({@link LiquibaseApp}), with no
 * safemigrate driver on its class path: the changelog reaches the server in its safe forms, Liquibase's
 * bookkeeping is intact, and an ALTER behind a long transaction stalls a writer only without the agent.
 */
@RealDatabase(Engine.POSTGRESQL)
class AgentLiquibaseTest {
    /** Small thresholds so the changelog's 100k-row table gets the rewrites and the batching. */
    private static final String SMALL_TABLES_TOO = "rewrite.minRows=1000,batch.minRows=1000,batch.maxSize=10000";

    private final TestDatabase db;

    AgentLiquibaseTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws SQLException {
        db.execute("DROP TABLE IF EXISTS items, customers, databasechangelog, databasechangeloglock CASCADE");
    }

    private ForkedJvm liquibase(String changelog) {
        return ForkedJvm.of(LiquibaseApp.class).database(db).args(changelog);
    }

    @Test
    void theChangelogReachesTheServerInItsSafeForms() throws Exception {
        try (DdlProbe probe = DdlProbe.install(db)) {
            ForkedJvm.Result run = liquibase("liquibase/pg-main.xml").withAgent(SMALL_TABLES_TOO + ",lockTimeout=1s")
                    .run(180).assertSucceeded();
            List<String> ddl = probe.statements();
            List<String> timeouts = probe.lockTimeouts();
            System.out.println("Liquibase under the agent: " + ddl + " under lock_timeout " + timeouts);

            assertThat(run.reported("liquibaseConnection")).as("Liquibase got our connection for the plain URL")
                    .isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            assertThat(ddl).as("CREATE INDEX reached the server as CONCURRENTLY")
                    .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("items_note_idx"))
                    .noneSatisfy(s -> assertThat(s).matches("(?s)CREATE INDEX items_note_idx.*"));
            assertThat(ddl).as("the foreign key was added NOT VALID, then validated")
                    .anySatisfy(s -> assertThat(s).contains("fk_items_customer").contains("NOT VALID"))
                    .anySatisfy(s -> assertThat(s).contains("VALIDATE CONSTRAINT").contains("fk_items_customer"));
            for (int i = 0; i < ddl.size(); i++) {
                if (ddl.get(i).startsWith("ALTER TABLE")) {
                    assertThat(timeouts.get(i)).as("lock_timeout of " + ddl.get(i))
                            .isIn(DdlProbe.lockTimeoutSchedule(50, 1000));
                }
            }
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype <> 'EXECUTED'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM databasechangeloglock WHERE locked")).as("lock released").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_note_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'fk_items_customer' AND convalidated"
                + " AND connamespace = '" + db.schema() + "'::regnamespace")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty IS NULL")).as("backfilled").isZero();
    }

    @Test
    void anAlterQueuedBehindALongTransactionStallsAWriterWithoutTheAgentAndNotWithIt() throws Exception {
        liquibase("liquibase/pg-main.xml").run(180).assertSucceeded(); // the tables, without the agent
        String insert = "INSERT INTO items (note, qty, customer_id) VALUES ('w', 1, 1)";
        String alter = "ALTER TABLE " + db.schema() + ".items ADD ";

        AlterBehindBlocker.ForkedRun bare = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                liquibase("liquibase/agent-pg-flag1.xml"), "items", alter + "flag1", insert, 2500);
        AlterBehindBlocker.ForkedRun agent = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                liquibase("liquibase/agent-pg-flag2.xml")
                        .withAgent("lockTimeout=200ms,retry.maxAttempts=200,retry.baseDelay=100ms,retry.maxDelay=300ms"
                                + ",preWait=false,lockTimeout.first=off"),
                "items", alter + "flag2", insert, 2500);
        System.out.println("Writer's worst insert while Liquibase's ALTER waited 2.5 s for a transaction: bare "
                + bare.writerWorstMillis() + " ms (" + bare.writes() + " writes), with the agent "
                + agent.writerWorstMillis() + " ms (" + agent.writes() + " writes)");

        assertThat(bare.result().reported("liquibaseConnection")).isEqualTo("org.postgresql.jdbc.PgConnection");
        assertThat(bare.writerWorstMillis()).as("without the agent the writer queues behind Liquibase's ALTER")
                .isGreaterThan(2000);
        assertThat(agent.result().reported("liquibaseConnection")).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        assertThat(agent.result().output()).as("the agent's ALTER gave up after its lock timeout and tried again")
                .contains("could not get its lock (lock timeout 200 ms)");
        assertThat(agent.writerWorstMillis()).as("with the agent each attempt gives up after 200 ms").isLessThan(1000);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'")).isEqualTo(7);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangeloglock WHERE locked")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'items' AND column_name IN ('flag1', 'flag2')")).isEqualTo(2);
    }
}
