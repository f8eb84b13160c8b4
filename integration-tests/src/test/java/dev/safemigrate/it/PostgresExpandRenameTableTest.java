package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import dev.safemigrate.it.support.DdlProbe;
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
 * {@code policy.renameTable=expand} on real PostgreSQL: the rename and a view under the old name in one
 * transaction, so old code keeps reading and writing while new code uses the new name; {@code DROP VIEW} contracts
 * it, renaming back rolls it back.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresExpandRenameTableTest {
    static final int ROWS = 5_000;
    static final String EXPAND = "safemigrate.policy.renameTable=expand&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    PostgresExpandRenameTableTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('invoices') AND relkind = 'v')"
                        + " THEN DROP VIEW invoices; END IF; END $$",
                "DROP TABLE IF EXISTS invoices, bills, safemigrate_expansions",
                "DO $$ BEGIN CREATE ROLE sm_test_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "CREATE TABLE invoices (id bigint PRIMARY KEY, note text, total int NOT NULL DEFAULT 42)",
                "INSERT INTO invoices SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g",
                "GRANT SELECT ON invoices TO sm_test_reader");
    }

    private void run(String sql) throws SQLException {
        try (Connection c = db.openSafe(EXPAND); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private String relkind(String name) throws SQLException {
        try (Connection c = db.openBare(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT relkind FROM pg_class WHERE oid = to_regclass('" + name + "')")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void oldCodeWritesThroughTheViewNewCodeToTheTableUntilTheContract() throws Exception {
        ColumnWriter oldCode = new ColumnWriter(db.openBare(), "invoices", "note", 1_000_000, ROWS, 120);
        ColumnWriter newCode = null;
        try {
            Thread.sleep(200);
            run("ALTER TABLE invoices RENAME TO bills");
            assertThat(relkind("invoices")).isEqualTo("v");
            assertThat(relkind("bills")).isEqualTo("r");
            newCode = new ColumnWriter(db.openBare(), "bills", "note", 2_000_000, ROWS, 120);
            Thread.sleep(1000);
            assertThat((Object) oldCode.failure()).as("old code kept working").isNull();
            assertThat(oldCode.worstMillis()).isLessThan(1500);
            assertThat(count("SELECT count(*) FROM bills WHERE id >= 1000000 AND id < 2000000"))
                    .as("old code's inserts through the view").isPositive();
            assertThat(count("SELECT count(*) FROM invoices WHERE id >= 2000000")).as("new code's rows seen by old code")
                    .isPositive();
            assertThat(count("SELECT total FROM invoices WHERE id = 1000000")).as("the table's default applies")
                    .isEqualTo(42);
            db.execute("INSERT INTO invoices (id, note) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET note = 'upserted'");
            assertThat(count("SELECT count(*) FROM bills WHERE id = 1 AND note = 'upserted'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_class WHERE oid = to_regclass('invoices')"
                    + " AND has_table_privilege('sm_test_reader', oid, 'SELECT')")).as("the grant carried over").isEqualTo(1);

            DdlProbe probe = DdlProbe.install(db);
            try {
                run("ALTER TABLE invoices RENAME TO bills");
                List<String> sent = probe.statements();
                assertThat(sent).as("a re-run sends nothing").isEmpty();
            } finally {
                probe.close();
            }

            oldCode.close();
            run("DROP VIEW invoices");
            assertThat(relkind("invoices")).isNull();
            assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'contracted'")).isEqualTo(1);
            Thread.sleep(200);
            assertThat((Object) newCode.failure()).isNull();
        } finally {
            oldCode.close();
            if (newCode != null) {
                newCode.close();
            }
        }
    }

    @Test
    void renamingBackRollsItBack() throws Exception {
        run("ALTER TABLE invoices RENAME TO bills");
        run("ALTER TABLE bills RENAME TO invoices");
        assertThat(relkind("invoices")).isEqualTo("r");
        assertThat(relkind("bills")).isNull();
        assertThat(count("SELECT count(*) FROM safemigrate_expansions WHERE status = 'rolled back'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM invoices")).isEqualTo(ROWS);
    }

    @Test
    void rowLevelSecurityIsRefusedAndNothingIsSent() throws Exception {
        db.execute("ALTER TABLE invoices ENABLE ROW LEVEL SECURITY");
        assertThatThrownBy(() -> run("ALTER TABLE invoices RENAME TO bills"))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("row-level security");
        assertThat(relkind("invoices")).isEqualTo("r");
        assertThat(relkind("bills")).isNull();
    }
}
