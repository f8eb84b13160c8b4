package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.dialect.mysql.MySqlLagReader;
import dev.safemigrate.dialect.mysql.MySqlLoadReader;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresLagReader;
import dev.safemigrate.dialect.postgres.PostgresLoadReader;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.execution.batch.StandardThrottle;
import dev.safemigrate.execution.batch.Throttle;
import dev.safemigrate.execution.batch.Throttle.Action;
import dev.safemigrate.execution.batch.Throttle.BatchProgress;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.EngineTest;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.observe.DriverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
 * The throttle's readers against the real server, a primary without replicas, with the superuser and
 * with a user of its own that has no monitoring privileges until a test grants them.
 *
 * <p>PostgreSQL: pg_stat_replication has no rows for any role, so the lag is 0 (for a superuser and for
 * a role without pg_monitor alike: without replicas there are no hidden rows to make it unreadable).
 * pg_stat_activity does hide other roles' sessions from a role without pg_read_all_stats: load unreadable.
 *
 * <p>MySQL/MariaDB: the replica status has no rows, so the lag is unreadable (a primary does not show its
 * replicas' lag) and a lag threshold pauses; the process list counts sessions running a statement, and
 * needs the PROCESS privilege to show other users' sessions.
 */
class ThrottleReadersTest {
    private final Engine engine;
    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** The user (a PostgreSQL role) without monitoring privileges. */
    private final String user = "sm_throttle_" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = "pw_" + UUID.randomUUID();
    private SimpleMeterRegistry meters;

    ThrottleReadersTest(Engine engine, TestDatabase db) {
        this.engine = engine;
        this.db = db;
    }

    @BeforeEach
    void setUp() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        switch (engine) {
            case POSTGRESQL -> db.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            case MYSQL -> db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT ON `" + db.schema() + "`.* TO '" + user + "'@'%'");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        switch (engine) {
            case POSTGRESQL -> {
                db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'");
                db.execute("DROP ROLE IF EXISTS " + user);
            }
            case MYSQL -> db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    private Connection openAsUser() throws SQLException {
        return DriverManager.getConnection(db.bareUrl(), user, password);
    }

    private LagReader lagReader() {
        return switch (engine) {
            case POSTGRESQL -> new PostgresLagReader();
            case MYSQL -> new MySqlLagReader();
        };
    }

    private LoadReader loadReader() {
        return switch (engine) {
            case POSTGRESQL -> new PostgresLoadReader();
            case MYSQL -> new MySqlLoadReader();
        };
    }

    private DatabaseSupport support() {
        return switch (engine) {
            case POSTGRESQL -> new PostgresSupport();
            case MYSQL -> new MySqlSupport(db.serverVersion());
        };
    }

    @EngineTest
    void onAPrimaryWithoutReplicasTheLagIsZeroOnPostgresAndUnreadableOnMySql() throws SQLException {
        try (Connection c = db.openBare()) {
            switch (engine) {
                case POSTGRESQL -> {
                    // the lag is zero
                    assertThat(db.queryLong("SELECT count(*) FROM pg_stat_replication")).isZero();
                    assertThat(db.queryLong("SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END")).isZero();
                    assertThat(lagReader().lagSeconds(c)).isEqualTo(Reading.of(0));
                }
                case MYSQL -> {
                    // the lag is unreadable
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                        assertThat(rs.next()).isFalse();
                    }
                    Reading r = lagReader().lagSeconds(c);
                    assertThat(r.readable()).isFalse();
                    assertThat(r.problem()).contains("not a replica").contains("safemigrate.batch.maxLag");
                }
            }
        }
    }

    @EngineTest
    void aUserWithoutMonitoringPrivilegesReadsZeroLagOnPostgresAndIsToldThePrivilegeOnMySql() throws SQLException {
        try (Connection c = openAsUser()) {
            switch (engine) {
                case POSTGRESQL -> {
                    // also reads zero when there are no replicas
                    assertThat(db.queryLong("SELECT count(*) FROM pg_roles r WHERE r.rolname = '" + user + "'"
                            + " AND (r.rolsuper OR pg_has_role(r.oid, 'pg_read_all_stats', 'USAGE'))")).isZero();
                    assertThat(lagReader().lagSeconds(c)).isEqualTo(Reading.of(0));
                }
                case MYSQL -> {
                    // is told which privilege is missing
                    Reading r = lagReader().lagSeconds(c);
                    assertThat(r.readable()).isFalse();
                    assertThat(r.problem()).contains("REPLICATION CLIENT");
                }
            }
        }
    }

    @EngineTest
    void activeSessionsCountOtherSessionsRunningAStatement() throws Exception {
        List<Future<?>> sleepers = busySessions(db, pool, 3, engine.sleepSql(2));
        try (Connection c = db.openBare()) {
            LoadReader reader = loadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(3);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @EngineTest
    void withoutMonitoringPrivilegesTheLoadIsUnreadableAndTheUserIsToldWhy() throws Exception {
        try (Connection superuserSession = db.openBare(); Connection c = openAsUser()) {
            Reading r = loadReader().activeSessions(c);
            assertThat(r.readable()).isFalse();
            switch (engine) {
                case POSTGRESQL -> {
                    assertThat(r.problem()).contains("hides").contains("role " + user).contains("pg_monitor");
                    assertThat(superuserSession.isValid(1)).isTrue();
                }
                case MYSQL -> assertThat(r.problem()).contains("PROCESS").contains(user);
            }
        }
    }

    @EngineTest
    void withMonitoringPrivilegesTheUserSeesOtherUsersActiveSessions() throws Exception {
        switch (engine) {
            case POSTGRESQL -> db.execute("GRANT pg_monitor TO " + user);
            case MYSQL -> db.execute("GRANT PROCESS ON *.* TO '" + user + "'@'%'");
        }
        List<Future<?>> sleepers = busySessions(db, pool, 2, engine.sleepSql(2));
        try (Connection c = openAsUser()) {
            LoadReader reader = loadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 2, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(2);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @EngineTest
    void onAPrimaryTheThrottleGoesOrPausesByTheLagItCanReadAndPausesUnderLoad() throws Exception {
        DatabaseSupport support = support();
        try (Connection c = db.openBare()) {
            switch (engine) {
                case POSTGRESQL -> {
                    // goes: the lag is zero
                    Throttle lagOnly = StandardThrottle.create(support, settings(Duration.ofSeconds(1),
                            Duration.ofSeconds(30), 0, 0), DriverMetrics.current());
                    assertThat(lagOnly.beforeBatch(c, new BatchProgress(0, 0, 0))).isSameAs(Throttle.Decision.GO);
                    assertThat(meters.get("safemigrate.batch.throttle.time").timer().count()).isEqualTo(1);
                }
                case MYSQL -> {
                    // pauses with a lag threshold: the lag is unreadable; goes without one
                    Throttle lagLimited = StandardThrottle.create(support, settings(Duration.ofSeconds(1), Duration.ZERO,
                            0, 0), DriverMetrics.current());
                    Throttle.Decision d = lagLimited.beforeBatch(c, new BatchProgress(0, 0, 0));
                    assertThat(d.action()).isEqualTo(Action.PAUSE);
                    assertThat(d.reason()).contains("replication lag cannot be read").contains("not a replica");
                    assertThat(meters.get("safemigrate.batch.throttle.pauses").tag("reason", "lag_unreadable").counter()
                            .count()).isEqualTo(1);

                    Throttle off = StandardThrottle.create(support, settings(Duration.ZERO, Duration.ZERO, 0, 0),
                            DriverMetrics.current());
                    assertThat(off.beforeBatch(c, new BatchProgress(0, 0, 0))).isSameAs(Throttle.Decision.GO);
                }
            }

            List<Future<?>> sleepers = busySessions(db, pool, 3, engine.sleepSql(2));
            LoadReader reader = loadReader();
            pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
            Throttle loadLimited = StandardThrottle.create(support, settings(Duration.ZERO, Duration.ZERO, 2, 0),
                    DriverMetrics.current());
            Throttle.Decision d = loadLimited.beforeBatch(c, new BatchProgress(0, 0, 0));
            assertThat(d.action()).isEqualTo(Action.PAUSE);
            assertThat(d.reason()).contains("above safemigrate.batch.maxActiveSessions 2");
            assertThat(meters.get("safemigrate.batch.throttle.pauses").tag("reason", "load").counter().count())
                    .isEqualTo(1);
            for (Future<?> f : sleepers) {
                f.get(5, TimeUnit.SECONDS);
            }
        }
    }
}
