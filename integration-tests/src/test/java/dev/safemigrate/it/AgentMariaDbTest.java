package dev.safemigrate.it;

import dev.safemigrate.it.agent.DriverManagerApp;
import dev.safemigrate.it.agent.HikariApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM that migrates a MariaDB (or MySQL) server through
 * {@code DriverManager} with a plain {@code jdbc:mysql:} (Connector/J) or {@code jdbc:mariadb:} (MariaDB
 * Connector/J) URL ({@link DriverManagerApp}). There are no rewrite rules for these servers yet: the
 * agent brings the lock timeout and the retries. An ALTER behind a long transaction waits in attempts
 * of the agent's {@code lock_wait_timeout} (whole seconds), so a writer stalls about that long; without
 * the agent the writer stalls for as long as the transaction is held (MariaDB's default lock wait is a day).
 * With the defaults (safemigrate.preWait) the agent first waits without queueing while the server shows the
 * transaction holding the table's metadata lock, so the writer does not stall at all.
 */
@RealDatabase(Engine.MYSQL)
class AgentMariaDbTest {
    private static final long HOLD_MILLIS = 4000;
    private static final String WITH_DEFAULTS = "lockTimeout=1s,retry.maxAttempts=100,retry.baseDelay=200ms,retry.maxDelay=1s";
    /** Every attempt queues for the whole lock timeout: the behaviour before issue 15. */
    private static final String RETRYING = WITH_DEFAULTS + ",preWait=false,lockTimeout.first=off";
    private static final String INSERT = "INSERT INTO accounts (v) VALUES (1)";
    private static final Pattern ATTEMPT =
            Pattern.compile("could not get its lock \\(lock timeout 1000 ms\\) after (\\d+) ms");

    private final TestDatabase db;

    AgentMariaDbTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws Exception {
        db.execute("DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id bigint AUTO_INCREMENT PRIMARY KEY, v int NOT NULL) ENGINE=InnoDB",
                "INSERT INTO accounts (v) VALUES (1), (2), (3), (4), (5)");
    }

    /** The test database's URL with {@code scheme} as the JDBC sub-protocol (which picks the driver). */
    private String url(String scheme) {
        String url = db.bareUrl();
        return "jdbc:" + scheme + ":" + url.substring(url.indexOf("//"));
    }

    @ParameterizedTest(name = "jdbc:{0}:")
    @ValueSource(strings = {"mysql", "mariadb"})
    void anAlterBehindALongTransactionStallsAWriterForTheHoldWithoutTheAgentAndForAboutTheLockTimeoutWithIt(
            String scheme) throws Exception {
        String url = url(scheme);
        AlterBehindBlocker.ForkedRun bare = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                ForkedJvm.of(DriverManagerApp.class).database(url, db.user(), db.password())
                        .args("ALTER TABLE accounts ADD COLUMN flag tinyint"),
                "accounts", "ALTER TABLE accounts ADD COLUMN flag", INSERT, HOLD_MILLIS);
        AlterBehindBlocker.ForkedRun agent = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                ForkedJvm.of(DriverManagerApp.class).withAgent(RETRYING).database(url, db.user(), db.password())
                        .args("ALTER TABLE accounts ADD COLUMN flag2 tinyint"),
                "accounts", "ALTER TABLE accounts ADD COLUMN flag2", INSERT, HOLD_MILLIS);
        AlterBehindBlocker.ForkedRun preWait = AlterBehindBlocker.writerWhileForkedAlterWaits(db,
                ForkedJvm.of(DriverManagerApp.class).withAgent(WITH_DEFAULTS).database(url, db.user(), db.password())
                        .args("ALTER TABLE accounts ADD COLUMN flag3 tinyint"),
                "accounts", "ALTER TABLE accounts ADD COLUMN flag3", INSERT, HOLD_MILLIS);
        List<Long> attempts = new ArrayList<>();
        Matcher m = ATTEMPT.matcher(agent.result().output());
        while (m.find()) {
            attempts.add(Long.parseLong(m.group(1)));
        }
        System.out.println("jdbc:" + scheme + ": writer's worst insert while the ALTER waited " + HOLD_MILLIS
                + " ms for a transaction: bare driver " + bare.writerWorstMillis() + " ms, with the agent "
                + agent.writerWorstMillis() + " ms (fixed lock timeout), " + preWait.writerWorstMillis()
                + " ms (defaults: waiting before queueing); the fixed mode's attempts gave up after " + attempts + " ms");

        assertThat(bare.result().reported("connection")).as("the real driver's connection")
                .doesNotContain("safemigrate");
        assertThat(bare.writerWorstMillis()).as("without the agent the writer waits for the whole hold")
                .isGreaterThan(HOLD_MILLIS - 1000);
        assertThat(agent.result().reported("connection")).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        assertThat(attempts).as("attempts ran under the agent's 1 s lock_wait_timeout and gave way long before the"
                        + " blocker ended (an attempt's time also counts naming the blocker, in a fresh JVM)")
                .isNotEmpty().allSatisfy(ms -> assertThat(ms).isBetween(900L, 3000L));
        assertThat(agent.writerWorstMillis()).as("with the agent the writer waits about one lock timeout")
                .isBetween(500L, 2000L);
        assertThat(preWait.result().output()).as("with the defaults the agent waited before queueing")
                .contains("Waiting before queueing ALTER TABLE accounts ADD COLUMN flag3");
        assertThat(preWait.writerWorstMillis()).as("so the writer never queued behind the ALTER").isLessThan(500);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'accounts' AND column_name IN ('flag', 'flag2', 'flag3')")).isEqualTo(3);
    }

    /**
     * HikariCP over {@code org.mariadb.jdbc.MariaDbDataSource}: that data source opens its connections
     * without any {@code Driver#connect}, so its own {@code getConnection} is where the agent wraps them,
     * once, behind Hikari's proxy. DDL through the pool runs under the agent's lock timeout.
     */
    @Test
    void aPoolOverMariaDbsDataSourceHandsOutOurConnectionOnce() throws Exception {
        String alter = "ALTER TABLE accounts ADD COLUMN note varchar(20)";
        try (Connection blocker = holdTransactionOn(db, "accounts")) {
            ForkedJvm.Running running = ForkedJvm.of(HikariApp.class).withAgent(RETRYING)
                    .database(url("mariadb"), db.user(), db.password()).args("dataSource", alter).start();
            AlterBehindBlocker.awaitAlterHeldUp(db, alter, running);
            Thread.sleep(2500);
            blocker.commit();
            ForkedJvm.Result run = running.await(120).assertSucceeded();
            System.out.println("Hikari over MariaDbDataSource under the agent: " + run.output().lines()
                    .filter(l -> l.startsWith("first.") || l.startsWith("second.")).toList());

            for (String borrowed : new String[] {"first", "second"}) {
                assertThat(run.reported(borrowed + ".proxy")).isEqualTo("com.zaxxer.hikari.pool.HikariProxyConnection");
                assertThat(run.reported(borrowed + ".ours")).as(borrowed + ": isWrapperFor(SafeConnection)")
                        .isEqualTo("true");
                assertThat(run.reported(borrowed + ".safeLayers")).as(borrowed + ": wrapped once").isEqualTo("1");
                assertThat(run.reported(borrowed + ".real")).isEqualTo("org.mariadb.jdbc.Connection");
            }
            assertThat(run.output()).as("the ALTER through the pool gave way after the 1 s lock_wait_timeout")
                    .containsPattern(ATTEMPT);
        }
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'accounts' AND column_name = 'note'")).isEqualTo(1);
    }
}
