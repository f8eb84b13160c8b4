package dev.safemigrate.it.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ServerStatements;
import dev.safemigrate.jdbc.SafeConnections;
import dev.safemigrate.spring.MigrationDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

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

    /**
     * After a migration that built {@code items_v_idx} and backfilled {@code table} in batches: the index build
     * reached the server in its safe form; the batches and the rewrite are counted on the application's registry;
     * the tool was given the wrapper around the application's pool, which stays plain; a {@code CREATE INDEX} the
     * application sends itself reaches the server as written and is counted nowhere.
     */
    public static void assertMigratedSafelyAndTheApplicationStaysPlain(ConfigurableApplicationContext app,
                                                                       TestDatabase db, ServerStatements server,
                                                                       DataSource toolsDataSource, String table)
            throws SQLException {
        String safe = safeIndexMarker(db.engine());
        assertThat(server.statements()).filteredOn(s -> s.contains("items_v_idx")).isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsIgnoringCase(safe));

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.counter("safemigrate.batch.batches").count())
                .as("the backfill ran in batches, counted on the application's registry").isGreaterThanOrEqualTo(5);
        assertThat(meters.counter("safemigrate.rewrites", "rule", indexRule(db.engine())).count()).isGreaterThanOrEqualTo(1);

        DataSource appDataSource = app.getBean(DataSource.class);
        assertThat(appDataSource).isInstanceOf(HikariDataSource.class);
        assertThat(toolsDataSource).isInstanceOf(MigrationDataSource.class);
        assertThat(((MigrationDataSource) toolsDataSource).target()).isSameAs(appDataSource);
        assertEveryPooledConnectionIsPlain(db, appDataSource);

        double statementsBefore = statementsCounted(meters);
        new JdbcTemplate(appDataSource).execute("CREATE INDEX items_note_idx ON " + table + " (note)");
        assertThat(server.statements()).filteredOn(s -> s.contains("items_note_idx")).singleElement()
                .satisfies(s -> assertThat(s).doesNotContainIgnoringCase(safe));
        assertThat(statementsCounted(meters)).as("the application's own statements").isEqualTo(statementsBefore);
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
