package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code safemigrate.dryRun=true}: every statement reaches the server exactly as written, with no lock
 * timeout, no rewrite, no batching and no refusal; what would have been done is only logged.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresDryRunTest {
    private static final String DRY_RUN = "safemigrate.dryRun=true&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000";

    private final TestDatabase db;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    PostgresDryRunTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS items",
                "CREATE TABLE items (id int PRIMARY KEY, v int, note text)",
                "INSERT INTO items SELECT g, g % 100, NULL FROM generate_series(1, 20000) g", "ANALYZE items");
        SafeMigrate.useMeterRegistry(meters);
    }

    @AfterEach
    void resetMeters() {
        SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
    }

    @Test
    void everyStatementReachesTheServerAsWritten() throws Exception {
        try (DdlProbe probe = DdlProbe.install(db); Connection c = db.openSafe(DRY_RUN); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX items_v_idx ON items (v)");
            s.execute("ALTER TABLE items ALTER COLUMN v TYPE bigint"); // refused by policy when not a dry run
            int updated = s.executeUpdate("UPDATE items SET note = 'n' WHERE note IS NULL");

            assertThat(probe.statements()).containsExactly("CREATE INDEX items_v_idx ON items (v)",
                    "ALTER TABLE items ALTER COLUMN v TYPE bigint");
            assertThat(probe.lockTimeouts()).as("no lock timeout either").containsExactly("0", "0");
            assertThat(updated).isEqualTo(20_000);
        }
        var batches = meters.find("safemigrate.batch.batches").counter();
        assertThat(batches == null ? 0 : batches.count()).as("nothing was batched").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + db.schema()
                + "' AND table_name = 'items' AND column_name = 'v' AND data_type = 'bigint'")).isEqualTo(1);
    }
}
