package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Writer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Liquibase 4.33 running a changelog through {@code jdbc:safemigrate:postgresql:}: the DDL reaches the
 * server in its safe form, the changelog bookkeeping is intact, a writer keeps going, a failed changeset
 * is reported as Liquibase reports it and the fixed changelog converges, and the URL alone is enough.
 */
@RealDatabase(Engine.POSTGRESQL)
class LiquibasePostgresTest {
    /** Small thresholds so the 100k-row table of the changelog gets the rewrites and the batching. */
    private static final String PARAMS = "safemigrate.rewrite.minRows=1000&safemigrate.batch.minRows=1000"
            + "&safemigrate.batch.maxSize=10000&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    LiquibasePostgresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws SQLException {
        db.execute("DROP TABLE IF EXISTS items, customers, databasechangelog, databasechangeloglock CASCADE");
    }

    private Liquibase liquibase(String changelog, Connection c) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        return new Liquibase(changelog, new ClassLoaderResourceAccessor(), database);
    }

    @Test
    void theChangelogRunsInItsSafeFormWhileAWriterKeepsWriting() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        try (Connection c = db.openSafe(PARAMS)) {
            Liquibase lb = liquibase("liquibase/pg-main.xml", c);
            lb.update(2, new Contexts(), new LabelExpression()); // the tables and their rows

            try (DdlProbe probe = DdlProbe.install(db);
                 Writer writer = new Writer(db.openBare(),
                         "INSERT INTO items (note, qty, customer_id) VALUES (md5(random()::text), 1, 1)", 120)) {
                Thread.sleep(200);
                writer.resetWorst();
                lb.update(new Contexts()); // index, foreign key, backfill
                long worst = writer.worstMillis();
                List<String> ddl = probe.statements();
                List<String> timeouts = probe.lockTimeouts();
                System.out.println("DDL as it reached the server: " + ddl + " under lock_timeout " + timeouts
                        + "; writer's worst insert " + worst + " ms over " + writer.writes() + " writes");

                assertThat(ddl).as("CREATE INDEX reached the server as CONCURRENTLY")
                        .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("items_note_idx"))
                        .noneSatisfy(s -> assertThat(s).matches("(?s)CREATE INDEX items_note_idx.*"));
                assertThat(ddl).as("the foreign key was added NOT VALID, then validated")
                        .anySatisfy(s -> assertThat(s).contains("fk_items_customer").contains("NOT VALID"))
                        .anySatisfy(s -> assertThat(s).contains("VALIDATE CONSTRAINT").contains("fk_items_customer"));
                for (int i = 0; i < ddl.size(); i++) {
                    if (ddl.get(i).startsWith("ALTER TABLE")) {
                        assertThat(timeouts.get(i)).as("lock_timeout of " + ddl.get(i))
                                .isIn(DdlProbe.lockTimeoutSchedule(50, 1000));
                    }
                }
                assertThat(writer.writes()).isGreaterThan(0);
                assertThat(worst).as("the writer is never stalled beyond about the lock timeout").isLessThan(1000);
            }
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangeloglock WHERE locked")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_note_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'fk_items_customer' AND convalidated"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty IS NULL")).isZero();
        Counter batches = meters.find("safemigrate.batch.batches").counter();
        assertThat(batches).as("the runInTransaction=false backfill was batched").isNotNull();
        assertThat(batches.count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aFailingChangesetIsReportedAndTheFixedChangelogConverges() throws Exception {
        try (Connection c = db.openSafe(PARAMS)) {
            liquibase("liquibase/pg-main.xml", c).update(new Contexts());
        }
        try (Connection c = db.openSafe(PARAMS)) {
            assertThatThrownBy(() -> liquibase("liquibase/pg-fail.xml", c).update(new Contexts()))
                    .isInstanceOf(LiquibaseException.class)
                    .hasMessageContaining("6-qty-index")
                    .hasMessageContaining("nosuch");
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog")).as("the failed changeset is not recorded")
                .isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_qty_idx') AND indisvalid")).as("the split committed the index before the failing SQL").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangeloglock WHERE locked")).isZero();

        try (Connection c = db.openSafe(PARAMS)) {
            liquibase("liquibase/pg-fixed.xml", c).update(new Contexts());
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'")).isEqualTo(6);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " WHERE x.relname LIKE 'items_qty_idx%'")).as("one index, no leftover").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".items_qty_idx') AND indisvalid")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM customers WHERE name = 'C1'")).isEqualTo(1);
    }

    @Test
    void theUrlAloneIsEnoughAndPlainUrlsKeepTheStockDatabase() throws Exception {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        assertThat(factory.findDefaultDriver(db.safeUrl())).isEqualTo("dev.safemigrate.jdbc.SafeMigrateDriver");
        assertThat(factory.findDefaultDriver(db.bareUrl())).isEqualTo("org.postgresql.Driver");

        Database safe = factory.openDatabase(db.safeUrl(PARAMS), db.user(), db.password(), null,
                new ClassLoaderResourceAccessor());
        try (DdlProbe probe = DdlProbe.install(db)) {
            assertThat(safe.getClass()).isEqualTo(PostgresDatabase.class);
            Connection underlying = ((JdbcConnection) safe.getConnection()).getUnderlyingConnection();
            assertThat(underlying.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            new Liquibase("liquibase/pg-main.xml", new ClassLoaderResourceAccessor(), safe).update(new Contexts());
            assertThat(probe.statements())
                    .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX CONCURRENTLY").contains("items_note_idx"));
        } finally {
            safe.close();
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE exectype = 'EXECUTED'")).isEqualTo(5);

        Database explicit = factory.openDatabase(db.safeUrl(), db.user(), db.password(),
                "dev.safemigrate.jdbc.SafeMigrateDriver", null, null, null, new ClassLoaderResourceAccessor());
        try {
            assertThat(explicit.getClass()).as("driver= given explicitly").isEqualTo(PostgresDatabase.class);
            assertThat(((JdbcConnection) explicit.getConnection()).getUnderlyingConnection().getClass().getName())
                    .isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        } finally {
            explicit.close();
        }

        Database plain = factory.openDatabase(db.bareUrl(), db.user(), db.password(), null,
                new ClassLoaderResourceAccessor());
        try {
            assertThat(plain.getClass()).isEqualTo(PostgresDatabase.class);
            Connection underlying = ((JdbcConnection) plain.getConnection()).getUnderlyingConnection();
            assertThat(underlying).isInstanceOf(org.postgresql.PGConnection.class);
            assertThat(underlying.getClass().getName()).startsWith("org.postgresql.");
        } finally {
            plain.close();
        }
    }
}
