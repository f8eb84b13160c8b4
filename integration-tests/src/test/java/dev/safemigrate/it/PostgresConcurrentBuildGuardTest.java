package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.millis;
import static dev.safemigrate.it.support.Sessions.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A concurrent build waits for every older transaction. When one of those belongs to this same
 * process — Flyway keeps its advisory lock in an open transaction on a second connection by default —
 * the build would wait forever: the driver must fail within seconds and name the setting instead.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresConcurrentBuildGuardTest {
    private static final String REWRITE = "safemigrate.rewrite.minRows=100";

    private final TestDatabase db;

    PostgresConcurrentBuildGuardTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS items",
                "CREATE TABLE items (id int PRIMARY KEY, v int)",
                "INSERT INTO items SELECT g, g FROM generate_series(1, 1000) g", "ANALYZE items");
    }

    @Test
    void aBuildWaitingForASessionOfThisProcessFailsFastNamingTheSetting() throws Exception {
        try (Connection lock = db.openSafe(REWRITE); Statement lockSt = lock.createStatement()) {
            // What Flyway does on its "main" connection for the whole run.
            lock.setAutoCommit(false);
            lockSt.execute("SELECT pg_try_advisory_xact_lock(4711)");
            long lockPid = sessionId(db, lock);

            long elapsed;
            try (Connection migration = db.openSafe(REWRITE); Statement st = migration.createStatement()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> st.execute("CREATE INDEX items_v_idx ON items (v)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("session " + lockPid)
                        .hasMessageContaining("pg_try_advisory_xact_lock")
                        .hasMessageContaining("flyway.postgresql.transactional.lock=false")
                        .hasMessageContaining("dropped the INVALID index")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
                elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            assertThat(elapsed).as("fails within seconds instead of hanging").isLessThan(10_000);
            lock.commit();
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + db.schema()
                + ".items_v_idx')")).as("no INVALID index left behind").isZero();
    }

    @Test
    void aBuildWaitsForAnotherProcesssTransactionAsPostgreSqlWould() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = db.openBare(); Statement otherSt = other.createStatement()) {
            other.setAutoCommit(false);
            otherSt.execute("SELECT count(*) FROM items");
            Future<Long> build = pool.submit(() -> millis(() -> {
                try (Connection migration = db.openSafe(REWRITE); Statement st = migration.createStatement()) {
                    return st.execute("CREATE INDEX items_v_idx ON items (v)");
                }
            }));
            Thread.sleep(3000);
            assertThat(build.isDone()).as("still waiting for the other session").isFalse();
            other.commit();
            assertThat(build.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_v_idx') AND indisvalid")).isEqualTo(1);
    }
}
