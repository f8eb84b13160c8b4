package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Writer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway (Java API, default settings) on {@code jdbc:safemigrate:postgresql:}: one migration per rule
 * family, run against a 50,000-row table that another session keeps updating and inserting into. Every
 * migration succeeds, each rule's safe form reaches the server, the catalog ends in the state the
 * migrations describe, and the writer never waits as long as the lock timeout (1 s). A refused operation
 * fails its migration with SQLSTATE SM001 and leaves no history row; its fixed version then converges.
 */
@RealDatabase(Engine.POSTGRESQL)
class FlywayEveryRuleTest {
    private static final int ROWS = 50_000;
    private static final int EVENTS = 20_000;
    private static final String PARAMS = "safemigrate.rewrite.minRows=1000&safemigrate.batch.minRows=1000"
            + "&safemigrate.batch.maxSize=5000";
    /** One random existing row updated and one new row inserted, per round trip. */
    private static final String TRAFFIC = "WITH u AS (UPDATE items SET qty = qty + 1"
            + " WHERE id = (SELECT 1 + floor(random() * " + ROWS + ")::bigint) RETURNING id)"
            + " INSERT INTO items (id, owner_id, v, code, ref, qty)"
            + " SELECT n, 1 + n % 100, n % 1000, n, n, 1 FROM (SELECT nextval('items_extra') n) s";

    private final TestDatabase db;

    @TempDir
    Path migrations;

    FlywayEveryRuleTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws Exception {
        db.execute("DROP EVENT TRIGGER IF EXISTS safemigrate_it_ddl_probe",
                "DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        write("V1__create.sql", """
                CREATE TABLE owners (id int PRIMARY KEY);
                INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
                CREATE TABLE items (id bigint PRIMARY KEY, owner_id int NOT NULL, v int NOT NULL, code int NOT NULL,
                    ref int NOT NULL, qty int, note text, legacy text);
                INSERT INTO items SELECT g, 1 + g % 100, g % 1000, g, g, g % 7, NULL, 'old'
                    FROM generate_series(1, ROWS) g;
                CREATE INDEX items_old_idx ON items (v, code);
                CREATE INDEX items_owner_idx ON items (owner_id);
                CREATE SEQUENCE items_extra START 1000000;
                CREATE TABLE events (id bigint NOT NULL, payload int);
                INSERT INTO events SELECT g, g % 10 FROM generate_series(1, EVENTS) g;
                -- The view is created in this transaction: its index stays as written, and V1 stays atomic.
                CREATE MATERIALIZED VIEW item_totals AS SELECT id, v FROM items;
                CREATE UNIQUE INDEX item_totals_id ON item_totals (id);
                ANALYZE owners;
                ANALYZE items;
                ANALYZE events;
                ANALYZE item_totals;
                """.replace("EVENTS", Integer.toString(EVENTS)).replace("ROWS", Integer.toString(ROWS)));
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(db.safeUrl(PARAMS), db.user(), db.password())
                .locations("filesystem:" + migrations).target(target).load();
    }

    private long q(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private String reg(String name) {
        return "to_regclass('" + db.schema() + "." + name + "')";
    }

    @Test
    void everyRuleFamilyMigratesSafelyUnderDefaultSettingsWhileAWriterKeepsGoing() throws Exception {
        write("V2__create_index.sql", "CREATE INDEX items_v_idx ON items (v);\n");
        write("V3__create_unique_index.sql", "CREATE UNIQUE INDEX items_code_uq ON items (code);\n");
        write("V4__drop_index.sql", "DROP INDEX items_old_idx;\n");
        write("V5__reindex.sql", "REINDEX INDEX items_owner_idx;\n");
        write("V6__foreign_key.sql",
                "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);\n");
        write("V7__check.sql", "ALTER TABLE items ADD CONSTRAINT items_v_check CHECK (v >= 0);\n");
        write("V8__set_not_null.sql", "ALTER TABLE items ALTER COLUMN qty SET NOT NULL;\n");
        write("V9__unique.sql", "ALTER TABLE items ADD CONSTRAINT items_ref_key UNIQUE (ref);\n");
        write("V10__primary_key.sql", "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);\n");
        write("V11__refresh.sql", "REFRESH MATERIALIZED VIEW item_totals;\n");
        write("V12__volatile_default.sql", "ALTER TABLE items ADD COLUMN token uuid DEFAULT gen_random_uuid();\n");
        write("V13__backfill.sql", "UPDATE items SET note = 'n' || v WHERE note IS NULL;\n");
        write("V14__drop_column.sql", "ALTER TABLE items DROP COLUMN legacy;\n");

        assertThat(flyway("1").migrate().migrationsExecuted).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM items")).isEqualTo(ROWS);
        long reindexOidBefore = q("SELECT " + reg("items_owner_idx") + "::oid");

        Flyway flyway = flyway("latest");
        List<String> ddl;
        long worst;
        long elapsed;
        try (DdlProbe probe = DdlProbe.install(db); Writer writer = new Writer(db.openBare(), TRAFFIC, 300)) {
            Thread.sleep(200);
            long start = System.nanoTime();
            MigrateResult result = flyway.migrate();
            elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            worst = writer.worstMillis();
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isEqualTo(13);
            assertThat(writer.writes()).as("the writer kept going").isGreaterThan(50);
            ddl = probe.statements();
        }
        System.out.printf("FlywayEveryRuleTest: 13 migrations in %d ms, writer's worst write %d ms%n", elapsed, worst);
        assertThat(elapsed).as("completes, no hang").isLessThan(60_000);
        assertThat(worst).as("writer's worst write, ms (lock timeout 1 s)").isLessThan(1000);

        // Schema history: every migration, successful.
        assertThat(q("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success")).isEqualTo(14);
        assertThat(q("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();

        // The safe form of each rule reached the server.
        assertThat(matching(ddl, "items_v_idx")).isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsIgnoringCase("CREATE INDEX CONCURRENTLY"));
        assertThat(matching(ddl, "items_code_uq")).isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsIgnoringCase("CREATE UNIQUE INDEX CONCURRENTLY"));
        assertThat(matching(ddl, "items_old_idx")).isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsIgnoringCase("DROP INDEX CONCURRENTLY"));
        assertThat(matching(ddl, "items_owner_fk"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("NOT VALID"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"));
        assertThat(matching(ddl, "items_v_check"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("NOT VALID"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"));
        assertThat(matching(ddl, "sm_nn_qty"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("CHECK (\"qty\" IS NOT NULL) NOT VALID"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("VALIDATE CONSTRAINT"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("DROP CONSTRAINT"));
        assertThat(matching(ddl, "items_ref_key"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("CREATE UNIQUE INDEX CONCURRENTLY"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("UNIQUE USING INDEX"));
        assertThat(matching(ddl, "events_pkey"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("CREATE UNIQUE INDEX CONCURRENTLY"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("PRIMARY KEY USING INDEX"));
        assertThat(matching(ddl, "item_totals")).anySatisfy(s -> assertThat(s)
                .containsIgnoringCase("REFRESH MATERIALIZED VIEW CONCURRENTLY"));
        assertThat(matching(ddl, "token"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("ADD COLUMN").doesNotContainIgnoringCase("DEFAULT"))
                .anySatisfy(s -> assertThat(s).containsIgnoringCase("SET DEFAULT gen_random_uuid()"));
        assertThat(matching(ddl, "legacy")).anySatisfy(s -> assertThat(s).containsIgnoringCase("DROP COLUMN legacy"));
        // REINDEX fires no event trigger before PostgreSQL 17: the concurrent rebuild swaps in a new index.
        assertThat(q("SELECT " + reg("items_owner_idx") + "::oid")).as("REINDEX CONCURRENTLY built a new index")
                .isNotEqualTo(reindexOidBefore);

        // The final catalog state.
        for (String index : List.of("items_v_idx", "items_code_uq", "items_owner_idx", "items_ref_key", "events_pkey")) {
            assertThat(q("SELECT count(*) FROM pg_index WHERE indexrelid = " + reg(index) + " AND indisvalid AND indisready"))
                    .as("valid index " + index).isEqualTo(1);
        }
        assertThat(q("SELECT count(*) FROM pg_class WHERE oid = " + reg("items_old_idx"))).as("dropped").isZero();
        assertThat(q("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + db.schema() + "' AND c.relname LIKE '%ccnew%'")).as("no REINDEX leftovers")
                .isZero();
        assertThat(q("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relnamespace = '" + db.schema() + "'::regnamespace AND NOT i.indisvalid"))
                .as("no INVALID index").isZero();
        for (String[] c : List.of(new String[] {"items_owner_fk", "f"}, new String[] {"items_v_check", "c"},
                new String[] {"items_ref_key", "u"}, new String[] {"events_pkey", "p"})) {
            assertThat(q("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = '" + c[0] + "' AND contype = '" + c[1]
                    + "' AND convalidated AND connamespace = '" + db.schema() + "'::regnamespace"))
                    .as("validated constraint " + c[0]).isEqualTo(1);
        }
        assertThat(q("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname LIKE 'sm_nn_%'")).as("helper dropped").isZero();
        assertThat(q("SELECT count(*) FROM pg_attribute WHERE attrelid = " + reg("items")
                + " AND attname = 'qty' AND attnotnull")).as("qty NOT NULL").isEqualTo(1);
        assertThat(q("SELECT count(*) FROM pg_attribute WHERE attrelid = " + reg("events")
                + " AND attname = 'id' AND attnotnull")).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM pg_attribute WHERE attrelid = " + reg("items")
                + " AND attname = 'legacy' AND NOT attisdropped")).as("legacy dropped").isZero();
        assertThat(q("SELECT count(*) FROM item_totals")).as("refreshed: the writer's rows are in the view")
                .isGreaterThan(ROWS);
        assertThat(q("SELECT count(*) FROM items WHERE token IS NULL")).as("every row has its uuid").isZero();
        assertThat(q("SELECT count(DISTINCT token) FROM items")).as("one uuid per row, not one shared value")
                .isEqualTo(q("SELECT count(*) FROM items"));
        assertThat(q("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note IS NULL")).as("backfilled").isZero();
        assertThat(q("SELECT count(*) FROM items WHERE id <= " + ROWS + " AND note = 'n' || v")).isEqualTo(ROWS);
        assertThat(q("SELECT count(*) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid"
                + " AND a.attnum = d.adnum WHERE d.adrelid = " + reg("items") + " AND a.attname = 'token'"
                + " AND pg_get_expr(d.adbin, d.adrelid) = 'gen_random_uuid()'")).as("new rows get the default")
                .isEqualTo(1);

        // The batching journal: both backfills (the volatile default's and V13's) ran to the end, in batches.
        assertThat(q("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%token%' AND batches >= 5 AND rows_done >= " + ROWS)).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%SET note%' AND batches >= 5 AND rows_done >= " + ROWS)).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM safemigrate_batch_journal WHERE state <> 'finished'")).isZero();
    }

    @Test
    void aRefusedTypeChangeFailsItsMigrationWithSm001AndTheFixedVersionConverges() throws Exception {
        assertThat(flyway("1").migrate().migrationsExecuted).isEqualTo(1);
        write("V2__widen_v.sql", "ALTER TABLE items ALTER COLUMN v TYPE bigint;\n");
        long fileNode = q("SELECT pg_relation_filenode(" + reg("items") + ")");
        assertThatThrownBy(() -> flyway("latest").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V2__widen_v.sql")
                .hasMessageContaining("SM001")
                .hasMessageContaining("alter-column-type");
        assertThat(q("SELECT count(*) FROM flyway_schema_history WHERE version = '2'")).as("no history row").isZero();
        assertThat(q("SELECT count(*) FROM pg_attribute WHERE attrelid = " + reg("items")
                + " AND attname = 'v' AND atttypid = 'int4'::regtype")).as("column unchanged").isEqualTo(1);
        assertThat(q("SELECT pg_relation_filenode(" + reg("items") + ")")).as("table not rewritten").isEqualTo(fileNode);

        // The fix: expand (new column, batched backfill) instead of rewriting the table under ACCESS EXCLUSIVE.
        write("V2__widen_v.sql", """
                ALTER TABLE items ADD COLUMN v_big bigint;
                UPDATE items SET v_big = v WHERE v_big IS NULL;
                """);
        MigrateResult fixed = flyway("latest").migrate();
        assertThat(fixed.success).isTrue();
        assertThat(fixed.migrationsExecuted).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success")).isEqualTo(1);
        assertThat(q("SELECT count(*) FROM items WHERE v_big = v")).isEqualTo(ROWS);
        // The column was added a statement earlier and has no statistics, so the planner's estimate for
        // "v_big IS NULL" is a default guess (0.5 %, 250 of 50,000 rows); the driver ignores such an
        // estimate and batches the backfill, as this is the common "add a column, then fill it" pattern.
        assertThat(q("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%v_big = v%' AND batches > 1")).as("the backfill ran in batches").isEqualTo(1);
    }

    private static List<String> matching(List<String> ddl, String name) {
        return ddl.stream().filter(s -> s.contains(name)).toList();
    }
}
