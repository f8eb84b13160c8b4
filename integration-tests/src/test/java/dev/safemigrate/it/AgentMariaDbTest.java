package dev.safemigrate.it;

import dev.safemigrate.it.agent.DriverManagerApp;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.AlterBehindBlocker;
import dev.safemigrate.it.support.ForkedJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -javaagent:safemigrate-agent.jar} on a JVM that migrates a MariaDB (or MySQL) server through
 * {@code DriverManager} with a plain {@code jdbc:mysql:} (Connector/J) or {@code jdbc:mariadb:} (MariaDB
 * Connector/J) URL ({@link DriverManagerApp}). There are no rewrite rules for these servers yet: the
 * agent brings the lock timeout and the retries. An ALTER behind a long transaction waits in attempts
 * of the agent's {@code lock_wait_timeout} (whole seconds), so a writer stalls about that long; without
 * the agent the writer stalls for as long as the transaction is held (MariaDB's default lock wait is a day).
 */
@RealDatabase(Engine.MYSQL)
class AgentMariaDbTest {
    private static final long HOLD_MILLIS = 4000;
    private static final String RETRYING = "lockTimeout=1s,retry.maxAttempts=100,retry.baseDelay=200ms,retry.maxDelay=1s";
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
        List<Long> attempts = new ArrayList<>();
        Matcher m = ATTEMPT.matcher(agent.result().output());
        while (m.find()) {
            attempts.add(Long.parseLong(m.group(1)));
        }
        System.out.println("jdbc:" + scheme + ": writer's worst insert while the ALTER waited " + HOLD_MILLIS
                + " ms for a transaction: bare driver " + bare.writerWorstMillis() + " ms, with the agent "
                + agent.writerWorstMillis() + " ms; the agent's attempts gave up after " + attempts + " ms");

        assertThat(bare.result().reported("connection")).as("the real driver's connection")
                .doesNotContain("safemigrate");
        assertThat(bare.writerWorstMillis()).as("without the agent the writer waits for the whole hold")
                .isGreaterThan(HOLD_MILLIS - 1000);
        assertThat(agent.result().reported("connection")).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        assertThat(attempts).as("each attempt ran under the agent's 1 s lock_wait_timeout, then gave way (the first"
                        + " one also pays for a fresh JVM)").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(ms -> assertThat(ms).isBetween(900L, 3000L))
                .anySatisfy(ms -> assertThat(ms).isLessThan(1500L));
        assertThat(agent.writerWorstMillis()).as("with the agent the writer waits about one lock timeout")
                .isBetween(500L, 2000L);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'accounts' AND column_name IN ('flag', 'flag2')")).isEqualTo(2);
    }
}
