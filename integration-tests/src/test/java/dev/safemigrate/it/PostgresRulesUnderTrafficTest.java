package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import static dev.safemigrate.it.support.Sessions.millis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rewrite rule on a table of 200,000 rows while another session keeps using the table: the
 * traffic is never stalled beyond the lock timeout (1 s by default), and the statement's effect is
 * there afterwards. (Side-by-side comparisons with the bare driver: PostgresCreateIndexUnderLoadTest,
 * PostgresConstraintRulesTest.)
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresRulesUnderTrafficTest {
    private static final int ROWS = 200_000;
    private static final long LOCK_TIMEOUT_MS = 1000;

    private static final String UPDATE_ROW = "UPDATE traffic SET b = b + 1 WHERE id = (random() * " + (ROWS - 1) + ")::int + 1";
    private static final String INSERT_ROW = "INSERT INTO traffic (id, a, b, c, team) SELECT " + ROWS
            + " + nextval('traffic_ids'), 1, 1, md5(random()::text), 1";

    private final TestDatabase db;

    PostgresRulesUnderTrafficTest(TestDatabase db) {
        this.db = db;
    }

    /**
     * name, extra setup, the migration statement, the traffic, a query that returns 1 when the statement
     * took effect, and what the first statement that reached the server contains (null: REINDEX, which
     * fires no event trigger before PostgreSQL 17, is proved by the index's OID changing instead).
     */
    static Stream<Arguments> rules() {
        String idx = "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('%s') AND indisvalid";
        String con = "SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = '%s' AND convalidated";
        return Stream.of(
                Arguments.of("create-index", "", "CREATE INDEX traffic_a_idx ON traffic (a)", UPDATE_ROW,
                        String.format(idx, "traffic_a_idx"),
                        "CREATE INDEX CONCURRENTLY traffic_a_idx"),
                Arguments.of("create-unique-index", "", "CREATE UNIQUE INDEX traffic_c_uq ON traffic (c)", INSERT_ROW,
                        String.format(idx, "traffic_c_uq"),
                        "CREATE UNIQUE INDEX CONCURRENTLY traffic_c_uq"),
                Arguments.of("drop-index", "CREATE INDEX traffic_b_idx ON traffic (b)", "DROP INDEX traffic_b_idx",
                        UPDATE_ROW, "SELECT count(*) + 1 FROM pg_class WHERE relname = 'traffic_b_idx'",
                        "DROP INDEX CONCURRENTLY"),
                Arguments.of("reindex", "CREATE INDEX traffic_b_idx ON traffic (b)", "REINDEX INDEX traffic_b_idx",
                        UPDATE_ROW, String.format(idx, "traffic_b_idx"),
                        null),
                Arguments.of("add-foreign-key", "", "ALTER TABLE traffic ADD CONSTRAINT traffic_team_fk FOREIGN KEY (team)"
                        + " REFERENCES teams (id)", UPDATE_ROW, String.format(con, "traffic_team_fk"),
                        "FOREIGN KEY (team) REFERENCES teams (id) NOT VALID"),
                Arguments.of("add-check", "", "ALTER TABLE traffic ADD CONSTRAINT traffic_a_check CHECK (a >= 0)",
                        UPDATE_ROW, String.format(con, "traffic_a_check"),
                        "CHECK (a >= 0) NOT VALID"),
                Arguments.of("set-not-null", "", "ALTER TABLE traffic ALTER COLUMN a SET NOT NULL", UPDATE_ROW,
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'traffic'::regclass AND attname = 'a'"
                                + " AND attnotnull",
                        "IS NOT NULL) NOT VALID"),
                Arguments.of("add-unique", "", "ALTER TABLE traffic ADD CONSTRAINT traffic_c_key UNIQUE (c)", INSERT_ROW,
                        String.format(con, "traffic_c_key"),
                        "CREATE UNIQUE INDEX CONCURRENTLY"),
                Arguments.of("add-primary-key", "ALTER TABLE traffic DROP CONSTRAINT traffic_pkey",
                        "ALTER TABLE traffic ADD CONSTRAINT traffic_pk PRIMARY KEY (id)", INSERT_ROW,
                        String.format(con, "traffic_pk"),
                        "CREATE UNIQUE INDEX CONCURRENTLY"),
                Arguments.of("refresh-materialized-view", "CREATE MATERIALIZED VIEW traffic_mv AS SELECT id, team, b FROM traffic;"
                                + " CREATE UNIQUE INDEX traffic_mv_id ON traffic_mv (id); ANALYZE traffic_mv",
                        "REFRESH MATERIALIZED VIEW traffic_mv", "SELECT b FROM traffic_mv WHERE id = 4242",
                        "SELECT count(*) FROM pg_matviews WHERE matviewname = 'traffic_mv' AND ispopulated",
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY traffic_mv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void trafficIsNeverStalledBeyondTheLockTimeout(String rule, String setup, String migration, String traffic,
                                                   String effect, String rewritten) throws Exception {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS traffic_mv", "DROP TABLE IF EXISTS traffic, teams CASCADE",
                "DROP SEQUENCE IF EXISTS traffic_ids",
                "CREATE TABLE teams (id int PRIMARY KEY)", "INSERT INTO teams SELECT generate_series(1, 100)",
                "CREATE TABLE traffic (id int NOT NULL, a int, b int NOT NULL, c text NOT NULL, team int NOT NULL,"
                        + " CONSTRAINT traffic_pkey PRIMARY KEY (id))",
                "INSERT INTO traffic SELECT g, g % 1000, 0, md5(g::text), g % 100 + 1 FROM generate_series(1, " + ROWS + ") g",
                "CREATE SEQUENCE traffic_ids", "ANALYZE traffic", "ANALYZE teams");
        if (!setup.isEmpty()) {
            db.execute(setup.split("; "));
        }
        long statementMillis;
        long worst;
        String oid = "SELECT coalesce(to_regclass('traffic_b_idx')::oid, 0)";
        long oidBefore = db.queryLong(oid);
        try (DdlProbe probe = DdlProbe.install(db); Writer writer = new Writer(db.openBare(), traffic, 120)) {
            Thread.sleep(200);
            writer.resetWorst();
            try (Connection c = db.openSafe(); Statement st = c.createStatement()) {
                statementMillis = millis(() -> st.execute(migration));
            }
            worst = writer.worstMillis();
            assertThat(writer.writes()).isPositive();
            if (rewritten != null) {
                assertThat(probe.statements()).as(rule + ": the safe form reached the server").isNotEmpty()
                        .first().asString().contains(rewritten);
            } else {
                assertThat(db.queryLong(oid)).as(rule + ": rebuilt concurrently (a new index was swapped in)")
                        .isNotEqualTo(oidBefore);
            }
        }
        System.out.printf("%s on %d rows: statement %d ms, traffic's worst %d ms%n", rule, ROWS, statementMillis, worst);
        assertThat(worst).as(rule + ": the traffic waited at most one lock timeout").isLessThan(LOCK_TIMEOUT_MS);
        assertThat(db.queryLong(effect)).as(rule + " took effect").isEqualTo(1);
    }
}
