package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.dialect.mysql.MySqlLagReader;
import dev.safemigrate.dialect.mysql.MySqlLoadReader;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.execution.batch.StandardThrottle;
import dev.safemigrate.execution.batch.Throttle;
import dev.safemigrate.execution.batch.Throttle.Action;
import dev.safemigrate.execution.batch.Throttle.BatchProgress;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.observe.DriverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Throttles.busySessions;
import static dev.safemigrate.it.support.Throttles.pollUntilAtLeast;
import static dev.safemigrate.it.support.Throttles.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle's MySQL/MariaDB readers against the real server, a primary without replicas: the replica
 * status has no rows, so the lag is unreadable (a primary does not show its replicas' lag) and a lag
 * threshold pauses; the process list counts sessions running a statement.
 */
@RealDatabase(Engine.MYSQL)
class MySqlThrottleReadersTest {
    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final String user = "sm_thr_" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = "pw_" + UUID.randomUUID();
    private SimpleMeterRegistry meters;

    MySqlThrottleReadersTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void setUp() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON `" + db.schema() + "`.* TO '" + user + "'@'%'");
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
    }

    private Connection openAsUser() throws SQLException {
        return DriverManager.getConnection(db.bareUrl(), user, password);
    }

    @Test
    void onThisPrimaryTheReplicaStatusIsEmptyAndTheLagUnreadable() throws SQLException {
        try (Connection c = db.openBare()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                assertThat(rs.next()).isFalse();
            }
            Reading r = new MySqlLagReader().lagSeconds(c);
            assertThat(r.readable()).isFalse();
            assertThat(r.problem()).contains("not a replica").contains("safemigrate.batch.maxLag");
        }
    }

    @Test
    void withoutReplicationClientTheLagReaderSaysWhichPrivilegeIsMissing() throws SQLException {
        try (Connection c = openAsUser()) {
            Reading r = new MySqlLagReader().lagSeconds(c);
            assertThat(r.readable()).isFalse();
            assertThat(r.problem()).contains("REPLICATION CLIENT");
        }
    }

    @Test
    void activeSessionsCountOtherSessionsRunningAStatement() throws Exception {
        List<Future<?>> sleepers = busySessions(db, pool, 3, "SELECT SLEEP(2)");
        try (Connection c = db.openBare()) {
            MySqlLoadReader reader = new MySqlLoadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(3);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutProcessPrivilegeTheLoadIsUnreadable() throws SQLException {
        try (Connection c = openAsUser()) {
            Reading r = new MySqlLoadReader().activeSessions(c);
            assertThat(r.readable()).isFalse();
            assertThat(r.problem()).contains("PROCESS").contains(user);
        }
    }

    @Test
    void withProcessPrivilegeTheUserSeesOtherUsersSessions() throws Exception {
        db.execute("GRANT PROCESS ON *.* TO '" + user + "'@'%'");
        List<Future<?>> sleepers = busySessions(db, pool, 2, "SELECT SLEEP(2)");
        try (Connection c = openAsUser()) {
            MySqlLoadReader reader = new MySqlLoadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 2, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(2);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theThrottlePausesWithALagThresholdOnAPrimaryAndUnderLoad() throws Exception {
        MySqlSupport support = new MySqlSupport(db.serverVersion());
        try (Connection c = db.openBare()) {
            Throttle lagLimited = StandardThrottle.create(support, settings(Duration.ofSeconds(1), Duration.ZERO, 0, 0),
                    DriverMetrics.current());
            Throttle.Decision d = lagLimited.beforeBatch(c, new BatchProgress(0, 0, 0));
            assertThat(d.action()).isEqualTo(Action.PAUSE);
            assertThat(d.reason()).contains("replication lag cannot be read").contains("not a replica");
            assertThat(meters.get("safemigrate.batch.throttle.pauses").tag("reason", "lag_unreadable").counter()
                    .count()).isEqualTo(1);

            Throttle off = StandardThrottle.create(support, settings(Duration.ZERO, Duration.ZERO, 0, 0),
                    DriverMetrics.current());
            assertThat(off.beforeBatch(c, new BatchProgress(0, 0, 0))).isSameAs(Throttle.Decision.GO);

            List<Future<?>> sleepers = busySessions(db, pool, 3, "SELECT SLEEP(2)");
            MySqlLoadReader reader = new MySqlLoadReader();
            pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
            Throttle loadLimited = StandardThrottle.create(support, settings(Duration.ZERO, Duration.ZERO, 2, 0),
                    DriverMetrics.current());
            Throttle.Decision load = loadLimited.beforeBatch(c, new BatchProgress(0, 0, 0));
            assertThat(load.action()).isEqualTo(Action.PAUSE);
            assertThat(load.reason()).contains("above safemigrate.batch.maxActiveSessions 2");
            for (Future<?> f : sleepers) {
                f.get(5, TimeUnit.SECONDS);
            }
        }
    }
}
