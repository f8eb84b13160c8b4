package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.safemigrate.it.support.Sessions.millis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headline case, side by side in one run: a CREATE INDEX on a table of a million rows while
 * another session keeps inserting. Through the bare driver the writer stalls for the whole build;
 * through safemigrate (CREATE INDEX CONCURRENTLY reaches the server) it does not.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresCreateIndexUnderLoadTest {
    private static final int ROWS = 1_000_000;

    private final TestDatabase db;

    PostgresCreateIndexUnderLoadTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void aWriterIsStalledByTheBareBuildAndNotByTheRewrittenOne() throws Exception {
        db.execute("DROP TABLE IF EXISTS big",
                "CREATE TABLE big (id bigserial PRIMARY KEY, val text NOT NULL, n int NOT NULL)",
                "INSERT INTO big (val, n) SELECT md5(g::text), g FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE big");

        try (Writer writer = new Writer(db.openBare(), "INSERT INTO big (val, n) VALUES (md5(random()::text), 0)", 120)) {
            Thread.sleep(300);

            // Through safemigrate, watched from another session.
            Set<String> seen = ConcurrentHashMap.newKeySet();
            long safeBuild;
            long safeWorst;
            try (Connection c = db.openSafe(); Statement st = c.createStatement()) {
                int pid = c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
                AtomicBoolean watching = new AtomicBoolean(true);
                Thread watcher = watch(pid, seen, watching);
                writer.resetWorst();
                safeBuild = millis(() -> st.execute("CREATE INDEX big_val_idx ON big (val)"));
                safeWorst = writer.worstMillis();
                watching.set(false);
                watcher.join();
            }

            // The same statement through the bare driver.
            writer.resetWorst();
            long bareBuild;
            try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                bareBuild = millis(() -> st.execute("CREATE INDEX big_val2_idx ON big (val)"));
            }
            long bareWorst = writer.worstMillis();
            System.out.printf("CREATE INDEX on %d rows: bare build %d ms, writer's worst insert %d ms;"
                    + " safemigrate build %d ms, writer's worst insert %d ms%n", ROWS, bareBuild, bareWorst, safeBuild, safeWorst);

            assertThat(seen).as("the SQL that reached the server").contains("CREATE INDEX CONCURRENTLY big_val_idx ON big (val)");
            assertThat(bareBuild).as("the bare build is long enough to measure").isGreaterThanOrEqualTo(300);
            assertThat(bareWorst).as("bare driver: the writer waits for the whole build")
                    .isGreaterThanOrEqualTo(bareBuild * 7 / 10);
            assertThat(safeWorst).as("safemigrate: the writer is never stalled beyond the lock timeout (1 s)")
                    .isLessThan(Math.min(1000, bareWorst / 2));
            assertThat(writer.writes()).isGreaterThan(0);
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".big_val_idx') AND indisvalid")).isEqualTo(1);
        db.execute("DROP TABLE big");
    }

    /** Polls pg_stat_activity for what the session with {@code pid} is running. */
    private Thread watch(int pid, Set<String> seen, AtomicBoolean watching) {
        Thread t = new Thread(() -> {
            try (Connection c = db.openBare();
                 PreparedStatement ps = c.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
                ps.setInt(1, pid);
                while (watching.get()) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seen.add(rs.getString(1).trim());
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                seen.add("watcher failed: " + e);
            }
        }, "pg_stat_activity-watcher");
        t.start();
        return t;
    }
}
