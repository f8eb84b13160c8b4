package dev.safemigrate.observe;

import dev.safemigrate.sql.StatementKind;
import dev.safemigrate.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver without Micrometer on the class path, as a user who does not have it runs it: the meters are a
 * no-op and a connection works. Runs only in driver/pom.xml's {@code no-micrometer} surefire execution, whose
 * class path has no Micrometer (the default execution excludes this class and its tag).
 *
 * <p>The database: {@code SAFEMIGRATE_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD} (as the integration tests
 * read them); without them embedded PostgreSQL, except with {@code CI=true}, where the variables are required.
 */
@Tag("no-micrometer")
class NoMicrometerTest {
    private static final String SUFFIX = Long.toHexString(System.nanoTime() & 0xffffffL);
    private static final String SCHEMA = "nomicrometer_" + SUFFIX;
    private static final String EVENT_TRIGGER = "nomicrometer_only_concurrent_" + SUFFIX;

    private static TestPostgres server;
    private static String url;
    private static String user;
    private static String password;

    @BeforeAll
    static void database() throws Exception {
        server = TestPostgres.start("NoMicrometerTest");
        url = server.url();
        user = server.user();
        password = server.password();
        try (Connection c = bare(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + SCHEMA);
            st.execute("CREATE TABLE " + SCHEMA + ".nomicrometer_orders (id bigint PRIMARY KEY, customer int NOT NULL)");
            st.execute("INSERT INTO " + SCHEMA + ".nomicrometer_orders SELECT g, g % 10 FROM generate_series(1, 100) g");
            // A plain CREATE INDEX on this table fails: only the driver's rewrite (CONCURRENTLY) gets through.
            st.execute("CREATE FUNCTION " + SCHEMA + ".only_concurrent_index() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF current_query() ILIKE '%nomicrometer_orders%' AND current_query() NOT ILIKE '%concurrently%'"
                    + " THEN RAISE EXCEPTION 'plain CREATE INDEX: %', current_query(); END IF; END $$");
            st.execute("CREATE EVENT TRIGGER " + EVENT_TRIGGER + " ON ddl_command_start WHEN TAG IN ('CREATE INDEX')"
                    + " EXECUTE FUNCTION " + SCHEMA + ".only_concurrent_index()");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (url != null) {
                try (Connection c = bare(); Statement st = c.createStatement()) {
                    st.execute("DROP EVENT TRIGGER IF EXISTS " + EVENT_TRIGGER);
                    st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static Connection bare() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static Connection safe() throws SQLException {
        String safeUrl = "jdbc:safemigrate:" + url.substring("jdbc:".length()) + (url.contains("?") ? "&" : "?")
                + "currentSchema=" + SCHEMA + "&safemigrate.rewrite.minRows=0";
        return DriverManager.getConnection(safeUrl, user, password);
    }

    @Test
    void micrometerIsNotOnTheClassPath() {
        for (String name : new String[] {DriverMetrics.MICROMETER_PROBE, "io.micrometer.core.instrument.Metrics",
                "io.micrometer.observation.ObservationRegistry", "io.micrometer.common.KeyValue"}) {
            assertThatThrownBy(() -> Class.forName(name)).as(name).isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(ClassLoader.getSystemClassLoader().getResource("io/micrometer/core/instrument/MeterRegistry.class"))
                .isNull();
    }

    @Test
    void theMetricsAreANoOp() {
        DriverMetrics metrics = DriverMetrics.current();
        assertThat(metrics).isInstanceOf(NoopDriverMetrics.class);
        assertThatNoException().isThrownBy(() -> {
            for (StatementKind kind : StatementKind.values()) {
                metrics.statement(kind);
            }
            metrics.ddlFinished(1, true);
            metrics.lockRetry(true);
            metrics.giveUp();
            metrics.batchingRuns(1);
            metrics.batchCommitted(10, 1);
            metrics.throttleRead(1);
            for (DriverMetrics.ThrottleReason reason : DriverMetrics.ThrottleReason.values()) {
                metrics.throttlePause(reason);
                metrics.throttleAbort(reason);
            }
            metrics.rewrite("create-index");
        });
        // No Micrometer type in its signatures: reflection on it (a framework scanning classes) works too.
        assertThat(DriverMetrics.class.getDeclaredMethods()).isNotEmpty();
        assertThatThrownBy(() -> DriverMetrics.useRegistry(new Object()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Micrometer");
        assertThat(DriverMetrics.current()).isSameAs(metrics);
    }

    @Test
    void aConnectionRewritesDdlAndRunsQueries() throws SQLException {
        // The event trigger is in place: the statement as written fails on the real driver.
        try (Connection c = bare(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + SCHEMA);
            assertThatThrownBy(() -> st.execute("CREATE INDEX nomicrometer_plain ON nomicrometer_orders (customer)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("plain CREATE INDEX");
        }
        try (Connection c = safe(); Statement st = c.createStatement()) {
            // rewritten to CREATE INDEX CONCURRENTLY (rule create-index), which the trigger lets through
            st.execute("CREATE INDEX nomicrometer_orders_customer ON nomicrometer_orders (customer)");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM nomicrometer_orders WHERE customer = 3")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(10);
            }
        }
        try (Connection c = bare(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + SCHEMA.toLowerCase(Locale.ROOT)
                     + "' AND c.relname = 'nomicrometer_orders_customer'")) {
            assertThat(rs.next()).as("the index exists").isTrue();
            assertThat(rs.getBoolean(1)).as("the index is valid").isTrue();
        }
        assertThat(DriverMetrics.current()).isInstanceOf(NoopDriverMetrics.class);
    }
}
