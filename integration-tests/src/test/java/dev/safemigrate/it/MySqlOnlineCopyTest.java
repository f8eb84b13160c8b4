package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.TwinWriter;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online table copy ({@code safemigrate.policy.copyingAlter=online}) on a real MySQL/MariaDB server, on
 * 262,144 rows while two writers insert, update and delete random rows: each writer applies every change to
 * {@code orders} and the same change to its twin {@code orders_ref} in one transaction; at the end the server's
 * own ALTER is applied to the twin, and the two must be equal row for row. Also: the writers get no error and
 * are never stalled beyond the lock wait timeout, a connection killed mid-copy or mid-cut-over converges when
 * the statement is sent again, and what the copy cannot do safely is refused with nothing changed.
 */
@RealDatabase(Engine.MYSQL)
class MySqlOnlineCopyTest {
    private static final int ROWS = 262_144;
    private static final String ALTER = "ALTER TABLE orders MODIFY amount bigint NOT NULL,"
            + " ADD CONSTRAINT amount_positive CHECK (amount > 0)";
    private static final String ONLINE = "safemigrate.policy.copyingAlter=online&safemigrate.batch.targetTime=50ms";
    /** MariaDB and MySQL count lock_wait_timeout in whole seconds: each DDL attempt waits at most 1 s. */
    private static final long LOCK_WAIT_MS = 1000;
    /** Generous: two cores, the server and both writers on one machine. */
    private static final long MARGIN_MS = 1500;

    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    MySqlOnlineCopyTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        db.execute("DROP TABLE IF EXISTS orders, orders_ref, _orders_new, _orders_old, safemigrate_online_copy",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer int NOT NULL, amount int NOT NULL,"
                        + " note varchar(40)) ENGINE=InnoDB",
                "INSERT INTO orders VALUES (1, 7, 10, 'first')");
        for (long n = 1; n < ROWS; n *= 2) {
            db.execute("INSERT INTO orders SELECT id + " + n + ", (id * 7919) % 1000, 1 + (id * 104729) % 5000,"
                    + " CONCAT('n', id) FROM orders");
        }
        db.execute("CREATE TABLE orders_ref LIKE orders", "INSERT INTO orders_ref SELECT * FROM orders",
                "ANALYZE TABLE orders");
    }

    @AfterEach
    void stop() throws SQLException {
        pool.shutdownNow();
        for (String t : new String[] {"_orders_ins", "_orders_upd", "_orders_del"}) {
            db.execute("DROP TRIGGER IF EXISTS " + t);
        }
    }

    private List<TwinWriter> twoWriters() {
        return List.of(new TwinWriter(db, "orders", "orders_ref", 10_000_000, ROWS),
                new TwinWriter(db, "orders", "orders_ref", 20_000_000, ROWS));
    }

    private void migrate(String params, String sql) throws SQLException {
        try (Connection c = db.openSafe(params); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Stops the writers, applies the server's own ALTER to the twin, and compares the two tables row for row. */
    private void assertEqualToTheTwin(List<TwinWriter> writers) throws Exception {
        for (TwinWriter w : writers) {
            w.close();
        }
        db.execute(ALTER.replace("orders", "orders_ref").replace("amount_positive", "ref_amount_positive"));
        String rows = db.dump("SELECT * FROM orders ORDER BY id");
        assertThat(rows).isEqualTo(db.dump("SELECT * FROM orders_ref ORDER BY id"));
        assertThat(rows.lines().count()).isGreaterThan(ROWS / 2);
        assertThat(db.dump("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'")).startsWith("bigint");
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA ="
                + " DATABASE() AND TABLE_NAME = 'orders' AND CONSTRAINT_NAME = 'amount_positive'")).isEqualTo(1);
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .as("the copy's triggers are gone").isZero();
        assertThat(queryCount("SELECT COUNT(*) FROM safemigrate_online_copy")).as("journal row removed").isZero();
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = '_orders_new'")).isZero();
        for (TwinWriter w : writers) {
            assertThat(w.errors()).as("the writers' errors").isEmpty();
            assertThat(w.changes()).as("the writers kept writing").isGreaterThan(50);
        }
    }

    private long queryCount(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    @Test
    void copiesOnlineUnderTwoWritersAndEqualsTheSameWritesOnTheServersOwnAlter() throws Exception {
        List<TwinWriter> writers = twoWriters();
        Thread.sleep(300);
        long start = System.nanoTime();
        migrate(ONLINE, ALTER);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Thread.sleep(300);
        long worst = writers.stream().mapToLong(TwinWriter::worstMillis).max().orElseThrow();
        assertEqualToTheTwin(writers);
        assertThat(worst).as("writers' slowest change during a %d ms copy", millis)
                .isLessThanOrEqualTo(LOCK_WAIT_MS + MARGIN_MS);
        assertThat(queryCount("SELECT COUNT(*) FROM _orders_old")).as("the original is kept").isGreaterThan(ROWS / 2);
    }

    @Test
    void aConnectionKilledMidCopyResumesWhereItStoppedAndConverges() throws Exception {
        List<TwinWriter> writers = twoWriters();
        String slow = ONLINE + "&safemigrate.batch.maxSize=2000&safemigrate.batch.pause=20ms";
        Future<?> killed;
        try (Connection c = db.openSafe(slow); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            killed = pool.submit(() -> {
                waitFor("SELECT COALESCE(MAX(rows_copied), 0) > 50000 FROM safemigrate_online_copy");
                db.execute("KILL " + id);
                return null;
            });
            assertThatThrownBy(() -> st.execute(ALTER)).isInstanceOf(SQLException.class);
        }
        killed.get(60, TimeUnit.SECONDS);
        assertThat(db.dump("SELECT phase FROM safemigrate_online_copy")).isEqualTo("COPYING|\n");
        long copied = queryCount("SELECT rows_copied FROM safemigrate_online_copy");
        assertThat(copied).isBetween(50_000L, (long) ROWS);
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .as("the triggers keep the shadow current while nobody copies").isEqualTo(3);
        Thread.sleep(500); // writes meanwhile reach the shadow through the triggers only
        migrate(ONLINE, ALTER);
        assertEqualToTheTwin(writers);
    }

    @Test
    void aConnectionKilledMidCutOverConvergesOnReRun() throws Exception {
        List<TwinWriter> writers = twoWriters();
        Connection blocker = null;
        Future<?> killed;
        try (Connection c = db.openSafe(ONLINE + "&safemigrate.preWait=false"); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            // a forgotten transaction on orders: the RENAME TABLE waits for it, attempt after attempt
            killed = pool.submit(() -> {
                waitFor("SELECT COUNT(*) > 0 FROM safemigrate_online_copy WHERE phase = 'COMPARING'");
                Connection held = holdTransactionOn(db, "orders");
                waitFor("SELECT COUNT(*) > 0 FROM safemigrate_online_copy WHERE phase = 'SWAPPING'");
                Thread.sleep(1500); // at least one RENAME attempt timed out
                db.execute("KILL " + id);
                return held;
            });
            assertThatThrownBy(() -> st.execute(ALTER)).isInstanceOf(SQLException.class);
            blocker = (Connection) killed.get(60, TimeUnit.SECONDS);
        } finally {
            if (blocker != null) {
                blocker.close();
            }
        }
        assertThat(db.dump("SELECT phase FROM safemigrate_online_copy")).isEqualTo("SWAPPING|\n");
        assertThat(queryCount("SELECT COUNT(*) FROM _orders_new")).as("not swapped").isGreaterThan(ROWS / 2);
        migrate(ONLINE, ALTER);
        assertEqualToTheTwin(writers);
    }

    @Test
    void aRunKilledAfterTheRenameFinishesTheCleanUpOnReRun() throws Exception {
        // The state a kill right after the RENAME leaves: swapped, triggers and journal row still there.
        try (Connection c = db.openSafe(ONLINE + "&safemigrate.preWait=false"); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            Future<?> killed = pool.submit(() -> {
                waitFor("SELECT COUNT(*) > 0 FROM safemigrate_online_copy WHERE phase = 'COMPARING'");
                Connection held = holdTransactionOn(db, "orders");
                try {
                    waitFor("SELECT COUNT(*) > 0 FROM safemigrate_online_copy WHERE phase = 'SWAPPING'");
                    db.execute("KILL " + id);
                } finally {
                    held.close();
                }
                return null;
            });
            assertThatThrownBy(() -> st.execute(ALTER)).isInstanceOf(SQLException.class);
            killed.get(60, TimeUnit.SECONDS);
        }
        db.execute("RENAME TABLE orders TO _orders_old, _orders_new TO orders");
        migrate(ONLINE, ALTER);
        assertEqualToTheTwin(List.of());
    }

    @Test
    void aServerBusyBeyondTheCriticalLoadAbortsTheCopyWhichResumesLaterAndCanDropTheOriginal() throws Exception {
        // Four sessions running a command: Threads_running-style load above the critical level of 3.
        List<Future<?>> busy = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Connection c = db.openBare();
            ids.add(queryLong(c, "SELECT CONNECTION_ID()"));
            busy.add(pool.submit(() -> {
                try (c; Statement st = c.createStatement()) {
                    st.execute("SELECT SLEEP(60)");
                }
                return null;
            }));
        }
        String throttled = ONLINE + "&safemigrate.batch.maxActiveSessions=3&safemigrate.batch.criticalActiveSessions=3"
                + "&safemigrate.batch.abortAfter=1s";
        try {
            assertThatThrownBy(() -> migrate(throttled, ALTER))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("throttle")
                    .hasMessageContaining("Send the same statement again to resume")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM002"));
        } finally {
            for (long id : ids) {
                db.execute("KILL QUERY " + id);
            }
        }
        assertThat(db.dump("SELECT phase FROM safemigrate_online_copy")).isEqualTo("COPYING|\n");
        migrate(ONLINE + "&safemigrate.onlineCopy.oldTable=drop", ALTER);
        assertEqualToTheTwin(List.of());
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = '_orders_old'")).as("oldTable=drop").isZero();
    }

    @Test
    void aDifferenceFoundByTheComparisonAbortsAndNothingIsSwapped() throws Exception {
        // A new unique key over duplicate values: the copy skips the duplicates; the comparison finds them.
        String before = db.dump("SELECT * FROM orders ORDER BY id");
        assertThatThrownBy(() -> migrate(ONLINE, "ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0),"
                + " ADD UNIQUE KEY one_per_customer (customer)"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("different from the original")
                .hasMessageContaining("Nothing was swapped")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM003"));
        assertUntouched(before);
    }

    @Test
    void aRowTheNewDefinitionRejectsStopsTheCopyAndRemovesEverything() throws Exception {
        db.execute("UPDATE orders SET amount = 0 WHERE id = 200000");
        String before = db.dump("SELECT * FROM orders ORDER BY id");
        assertThatThrownBy(() -> migrate(ONLINE, ALTER))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("does not fit the new definition")
                // the server's message, which may quote row values, only in the real driver's exception, the cause
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(e.getCause().getMessage()))
                .cause().hasMessageContaining("amount_positive");
        assertUntouched(before);
    }

    @Test
    void whatTheCopyCannotDoSafelyIsRefusedWithNothingChanged() throws Exception {
        String before = db.dump("SELECT * FROM orders ORDER BY id");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"ALTER TABLE orders CHANGE note remark varchar(50), ADD CONSTRAINT c CHECK (amount > 0)",
                "renames the column"});
        db.execute("CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW SET @x = 1");
        cases.add(new String[] {ALTER, "has triggers"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> migrate(ONLINE, c[0]))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining(c[1])
                    .hasMessageContaining("nothing was changed");
        }
        db.execute("DROP TRIGGER orders_audit", "CREATE TABLE shipments (id int PRIMARY KEY, order_id bigint,"
                + " FOREIGN KEY (order_id) REFERENCES orders (id)) ENGINE=InnoDB");
        try {
            assertThatThrownBy(() -> migrate(ONLINE, ALTER))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("reference the table");
        } finally {
            db.execute("DROP TABLE shipments");
        }
        db.execute("CREATE TABLE keyless (a int, b int) ENGINE=InnoDB", "INSERT INTO keyless VALUES (1, 1)");
        try {
            assertThatThrownBy(() -> migrate(ONLINE + "&safemigrate.rewrite.minRows=0",
                    "ALTER TABLE keyless MODIFY a bigint, ADD CONSTRAINT k CHECK (a > 0)"))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("no primary key");
        } finally {
            db.execute("DROP TABLE keyless");
        }
        assertUntouched(before);
    }

    private void assertUntouched(String before) throws SQLException {
        assertThat(db.dump("SELECT * FROM orders ORDER BY id")).isEqualTo(before);
        assertThat(db.dump("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'")).startsWith("int");
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME IN ('_orders_new', '_orders_old')")).isZero();
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .isZero();
        assertThat(queryCount("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'safemigrate_online_copy'") == 0
                || queryCount("SELECT COUNT(*) FROM safemigrate_online_copy") == 0).isTrue();
    }

    /** Polls a boolean query until it is true (60 s at most). */
    private void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (db.queryLong(condition) == 1) {
                    return;
                }
            } catch (SQLException notYet) {
                // the journal table does not exist yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never true: " + condition);
    }
}
