package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.dialect.postgres.PostgresLagReader;
import dev.safemigrate.dialect.postgres.PostgresLoadReader;
import dev.safemigrate.dialect.postgres.PostgresSupport;
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
import java.sql.SQLException;
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
 * The throttle's PostgreSQL readers against the real catalog views. This server is a primary without
 * replicas, so pg_stat_replication has no rows for any role: the lag is 0 (for a superuser and for a
 * role without pg_monitor alike: without replicas there are no hidden rows to make it unreadable).
 * pg_stat_activity does hide other roles' sessions from a role without pg_read_all_stats: load unreadable.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresThrottleReadersTest {
    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final String role = "sm_throttle_" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = "pw_" + UUID.randomUUID();
    private SimpleMeterRegistry meters;

    PostgresThrottleReadersTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void setUp() throws SQLException {
        meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
        db.execute("DROP ROLE IF EXISTS " + role);
    }

    private Connection openAsRole() throws SQLException {
        return DriverManager.getConnection(db.bareUrl(), role, password);
    }

    @Test
    void lagIsZeroOnAPrimaryWithoutReplicas() throws SQLException {
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_replication")).isZero();
        assertThat(db.queryLong("SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END")).isZero();
        try (Connection c = db.openBare()) {
            assertThat(new PostgresLagReader().lagSeconds(c)).isEqualTo(Reading.of(0));
        }
    }

    @Test
    void aRoleWithoutPgMonitorAlsoReadsZeroWhenThereAreNoReplicas() throws SQLException {
        try (Connection c = openAsRole()) {
            assertThat(db.queryLong("SELECT count(*) FROM pg_roles r WHERE r.rolname = '" + role + "'"
                    + " AND (r.rolsuper OR pg_has_role(r.oid, 'pg_read_all_stats', 'USAGE'))")).isZero();
            assertThat(new PostgresLagReader().lagSeconds(c)).isEqualTo(Reading.of(0));
        }
    }

    @Test
    void activeSessionsCountOtherSessionsRunningAStatement() throws Exception {
        List<Future<?>> sleepers = busySessions(db, pool, 3, "SELECT pg_sleep(2)");
        try (Connection c = db.openBare()) {
            PostgresLoadReader reader = new PostgresLoadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(3);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRoleWithoutPgMonitorCannotReadTheLoadAndIsToldWhy() throws Exception {
        try (Connection superuserSession = db.openBare(); Connection c = openAsRole()) {
            Reading r = new PostgresLoadReader().activeSessions(c);
            assertThat(r.readable()).isFalse();
            assertThat(r.problem()).contains("hides").contains("role " + role).contains("pg_monitor");
            assertThat(superuserSession.isValid(1)).isTrue();
        }
    }

    @Test
    void withPgMonitorTheRoleSeesOtherRolesActiveSessions() throws Exception {
        db.execute("GRANT pg_monitor TO " + role);
        List<Future<?>> sleepers = busySessions(db, pool, 2, "SELECT pg_sleep(2)");
        try (Connection c = openAsRole()) {
            PostgresLoadReader reader = new PostgresLoadReader();
            Reading r = pollUntilAtLeast(() -> reader.activeSessions(c), 2, 1500);
            assertThat(r.readable()).isTrue();
            assertThat(r.value()).isGreaterThanOrEqualTo(2);
        }
        for (Future<?> f : sleepers) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theThrottleGoesOnAPrimaryWithoutReplicasAndPausesUnderLoad() throws Exception {
        PostgresSupport support = new PostgresSupport();
        try (Connection c = db.openBare()) {
            Throttle lagOnly = StandardThrottle.create(support, settings(Duration.ofSeconds(1), Duration.ofSeconds(30),
                    0, 0), DriverMetrics.current());
            assertThat(lagOnly.beforeBatch(c, new BatchProgress(0, 0, 0))).isSameAs(Throttle.Decision.GO);
            assertThat(meters.get("safemigrate.batch.throttle.time").timer().count()).isEqualTo(1);

            List<Future<?>> sleepers = busySessions(db, pool, 3, "SELECT pg_sleep(2)");
            Throttle loadLimited = StandardThrottle.create(support, settings(Duration.ZERO, Duration.ZERO, 2, 0),
                    DriverMetrics.current());
            PostgresLoadReader reader = new PostgresLoadReader();
            pollUntilAtLeast(() -> reader.activeSessions(c), 3, 1500);
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
