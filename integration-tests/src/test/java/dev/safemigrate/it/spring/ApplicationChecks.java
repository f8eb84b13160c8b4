package dev.safemigrate.it.spring;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.jdbc.SafeConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Spring Boot tests check on either engine: the safe forms on the server, the application's plain pool. */
public final class ApplicationChecks {
    /** Connections in {@link MigratingApplication}'s pool. */
    public static final int POOL_SIZE = 4;

    private ApplicationChecks() {
    }

    /** What the server receives for a {@code CREATE INDEX} the driver made safe, and never for one sent as written. */
    public static String safeIndexMarker(Engine engine) {
        return engine == Engine.POSTGRESQL ? "CONCURRENTLY" : "LOCK=NONE";
    }

    /** The rule that makes a plain {@code CREATE INDEX} safe ({@code safemigrate.rewrites{rule}}). */
    public static String indexRule(Engine engine) {
        return engine == Engine.POSTGRESQL ? "create-index" : "online-ddl";
    }

    /**
     * Borrows every connection of the pool at once, so that those the migration tool used are among them: each is
     * the pool's own (not the driver's wrapper) and shows the session lock timeout a fresh session has.
     */
    public static void assertEveryPooledConnectionIsPlain(TestDatabase db, DataSource pool) throws SQLException {
        String query = db.engine() == Engine.POSTGRESQL ? "SHOW lock_timeout" : "SELECT @@SESSION.lock_wait_timeout";
        String fresh;
        try (Connection c = db.openBare()) {
            fresh = single(c, query);
        }
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                borrowed.add(pool.getConnection());
            }
            for (Connection c : borrowed) {
                assertThat(SafeConnections.isWrapped(c)).as("the application's connection is the pool's").isFalse();
                assertThat(single(c, query)).as("the session's lock timeout, as the migration found it").isEqualTo(fresh);
            }
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
    }

    /** Every statement the driver counted on {@code meters}. */
    public static double statementsCounted(MeterRegistry meters) {
        return meters.find("safemigrate.statements").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
