package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.KillPoint;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code policy.alterColumnType=expand} on real PostgreSQL: a type change that would rewrite the table under
 * ACCESS EXCLUSIVE becomes a shadow column filled by a trigger and in batches, then a brief swap, while code keeps
 * writing the column under its one name; {@code DROP COLUMN <c>_sm_old} contracts it.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresExpandTypeChangeTest {
    static final int ROWS = 20_000;
    static final String EXPAND = "safemigrate.policy.alterColumnType=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.batch.maxSize=2000&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    PostgresExpandTypeChangeTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP EVENT TRIGGER IF EXISTS sm_test_trap",
                "DROP TABLE IF EXISTS accounts, orders, safemigrate_expansions",
                "CREATE TABLE accounts (id bigint PRIMARY KEY, amount int NOT NULL DEFAULT 0, code text,"
                        + " CONSTRAINT accounts_amount_positive CHECK (amount >= 0))",
                "CREATE INDEX accounts_amount_idx ON accounts (amount)",
                "INSERT INTO accounts SELECT g, g % 1000, (g * 7)::text FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE accounts");
    }

    private void run(String sql) throws SQLException {
        try (Connection c = db.openSafe(EXPAND); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private String type(String column) throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                     + " 'accounts'::regclass AND attname = '" + column + "' AND NOT attisdropped")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void theTableIsNotRewrittenAndCodeKeepsWritingThroughTheSwapAndTheContract() throws Exception {
        long relfilenode = count("SELECT relfilenode FROM pg_class WHERE oid = 'accounts'::regclass");
        DdlProbe probe = DdlProbe.install(db);
        try (ColumnWriter code = new ColumnWriter(db.openBare(), "accounts", "amount", 1_000_000, ROWS, 120, true)) {
            Thread.sleep(200);
            run("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint");
            assertThat(type("amount")).isEqualTo("bigint");
            assertThat(type("amount_sm_old")).isEqualTo("integer");
            List<String> sent = probe.statements();
            assertThat(sent).noneMatch(s -> s.contains("TYPE bigint") && s.contains("ALTER COLUMN"));
            assertThat(count("SELECT relfilenode FROM pg_class WHERE oid = 'accounts'::regclass"))
                    .as("the table was not rewritten").isEqualTo(relfilenode);
            Thread.sleep(500);
            assertThat((Object) code.failure()).as("code kept writing through the expansion and the swap").isNull();
            assertThat(code.worstMillis()).isLessThan(1500);
            // Rows the code updated after the swap hold a value of 1000 or more in the new column only; every other
            // row must hold in the new column exactly what the old one holds.
            assertThat(count("SELECT count(*) FROM accounts WHERE amount_sm_old IS NOT NULL AND amount < 1000"
                    + " AND amount IS DISTINCT FROM amount_sm_old")).as("values converted").isZero();
            assertThat(count("SELECT count(*) FROM accounts WHERE amount_sm_old >= 1000 AND amount = amount_sm_old"))
                    .as("the code's writes before the swap reached the new column").isPositive();
            assertThat(count("SELECT count(*) FROM accounts WHERE amount IS NULL")).isZero();
            assertThat(count("SELECT count(*) FROM accounts WHERE id >= 1000000 AND amount_sm_old IS NULL"))
                    .as("rows written after the swap go to the new column only").isPositive();

            code.resetWorst();
            run("ALTER TABLE accounts DROP COLUMN amount_sm_old");
            Thread.sleep(300);
            assertThat((Object) code.failure()).isNull();
        } finally {
            probe.close();
        }
        assertThat(type("amount_sm_old")).isNull();
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'contracted'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE tablename = 'accounts' AND schemaname = current_schema()"
                + " AND indexname = 'accounts_amount_idx' AND indexdef LIKE '%(amount)'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND convalidated"
                + " AND conname = 'accounts_amount_positive'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'amount'"
                + " AND attnotnull")).isEqualTo(1);
        db.execute("INSERT INTO accounts (id) VALUES (9000000)");
        assertThat(count("SELECT amount FROM accounts WHERE id = 9000000")).as("the default moved").isZero();
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'accounts'::regclass AND NOT tgisinternal"))
                .isZero();
    }

    @Test
    void aSerialPrimaryKeyBecomesBigintWithItsSequenceWhileCodeKeepsWriting() throws Exception {
        db.execute("DROP TABLE IF EXISTS orders", "CREATE TABLE orders (id serial PRIMARY KEY, note text)",
                "INSERT INTO orders (note) SELECT 'n' || g FROM generate_series(1, " + ROWS + ") g", "ANALYZE orders");
        try (ColumnWriter code = new ColumnWriter(db.openBare(), "orders", "note", 1_000_000, ROWS, 120)) {
            Thread.sleep(200);
            run("ALTER TABLE orders ALTER COLUMN id TYPE bigint");
            Thread.sleep(300);
            assertThat((Object) code.failure()).as("code kept writing through the swap").isNull();
            assertThat(code.worstMillis()).isLessThan(1500);
        }
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT format_type(a.atttypid, a.atttypmod), k.conname, pg_get_constraintdef(k.oid),"
                     + " pg_get_serial_sequence('orders', 'id'), (SELECT data_type FROM information_schema.sequences"
                     + " WHERE sequence_name = 'orders_id_seq' AND sequence_schema = current_schema())"
                     + " FROM pg_attribute a JOIN pg_constraint k ON k.conrelid = a.attrelid AND k.contype = 'p'"
                     + " WHERE a.attrelid = 'orders'::regclass AND a.attname = 'id'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("bigint");
            assertThat(rs.getString(2)).isEqualTo("orders_pkey");
            assertThat(rs.getString(3)).isEqualTo("PRIMARY KEY (id)");
            assertThat(rs.getString(4)).as("the sequence belongs to the new column").endsWith("orders_id_seq");
            assertThat(rs.getString(5)).isEqualTo("bigint");
        }
        db.execute("INSERT INTO orders (note) VALUES ('after')");
        assertThat(count("SELECT id FROM orders WHERE note = 'after'")).as("the default still draws from the sequence")
                .isEqualTo(ROWS + 1);
        assertThat(count("SELECT count(*) FROM orders WHERE id_sm_old IS NOT NULL AND id <> id_sm_old")).isZero();
        run("ALTER TABLE orders DROP COLUMN id_sm_old");
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'orders_id_seq'"
                + " AND relnamespace = current_schema()::regnamespace")).as("the sequence survived the contract").isEqualTo(1);
        db.execute("INSERT INTO orders (note) VALUES ('after contract')");
        assertThat(count("SELECT id FROM orders WHERE note = 'after contract'")).isEqualTo(ROWS + 2);
    }

    @Test
    void usingIsAppliedByTheTriggerAndTheBatchesAndAReRunSendsNothing() throws Exception {
        run("ALTER TABLE accounts ALTER COLUMN code TYPE integer USING code::integer + 1");
        assertThat(type("code")).isEqualTo("integer");
        assertThat(count("SELECT count(*) FROM accounts WHERE code = id * 7 + 1")).isEqualTo(ROWS);
        DdlProbe probe = DdlProbe.install(db);
        try {
            run("ALTER TABLE accounts ALTER COLUMN code TYPE integer USING code::integer + 1");
            List<String> sent = probe.statements();
            assertThat(sent).isEmpty();
        } finally {
            probe.close();
        }
    }

    @Test
    void withoutUsingAndNoAssignmentConversionItIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> run("ALTER TABLE accounts ALTER COLUMN code TYPE integer"))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("no assignment conversion from text to integer")
                .hasMessageContaining("USING");
        assertThat(type("code_sm_new")).isNull();
    }

    @Test
    void killedInTheMiddleOfTheSwapNothingIsSwappedAndAReRunFinishesIt() throws Exception {
        String settings = EXPAND + "&ApplicationName=" + KillPoint.VICTIM;
        try (KillPoint point = KillPoint.beforeDdl(db, "RENAME COLUMN \"amount_sm_new\"")) {
            assertThatThrownBy(() -> {
                try (Connection c = db.openSafe(settings); Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint");
                }
            }).isInstanceOf(SQLException.class);
            assertThat(point.killed()).isTrue();
        }
        assertThat(type("amount")).as("the swap's first rename was rolled back with it").isEqualTo("integer");
        assertThat(type("amount_sm_new")).isEqualTo("bigint");
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'accounts'::regclass AND NOT tgisinternal"))
                .as("the trigger still fills the shadow column").isEqualTo(1);
        db.execute("UPDATE accounts SET amount = 7 WHERE id = 1");
        assertThat(count("SELECT amount_sm_new FROM accounts WHERE id = 1")).isEqualTo(7);

        run("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint");
        assertThat(type("amount")).isEqualTo("bigint");
        assertThat(count("SELECT count(*) FROM accounts WHERE amount IS DISTINCT FROM amount_sm_old")).isZero();
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);
    }

    @Test
    void beforeTheSwapARollbackDropsTheShadowColumnAndAfterItIsRefused() throws Exception {
        run("ALTER TABLE accounts ALTER COLUMN amount TYPE bigint");
        assertThatThrownBy(() -> run("ALTER TABLE accounts DROP COLUMN amount_sm_new"))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("swapped already");
        assertThatThrownBy(() -> run("ALTER TABLE accounts ALTER COLUMN amount_sm_old SET DEFAULT 1"))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("Contract it first");
    }
}
