package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.FaultProxy;
import dev.safemigrate.it.support.FaultProxy.Fault;
import dev.safemigrate.it.support.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@link FaultProxy}'s framing against the real servers, through the real drivers (no safemigrate): it counts
 * exactly the statements sent (simple and prepared), learns the backend id, and each fault does what it says to
 * an autocommit INSERT — never reached the server, committed without a reply, or the backend ended.
 */
class FaultProxyTest {

    abstract static class Common {
        final TestDatabase db;
        FaultProxy proxy;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String kill(long id);

        @BeforeEach
        void start() throws Exception {
            db.execute("DROP TABLE IF EXISTS fp", "CREATE TABLE fp (id int PRIMARY KEY)");
            proxy = FaultProxy.inFrontOf(db.bareUrl(), id -> db.execute(kill(id)));
        }

        @AfterEach
        void stop() throws Exception {
            proxy.close();
        }

        private Connection open() throws SQLException {
            return DriverManager.getConnection(proxy.throughProxy(db.bareUrl()), db.user(), db.password());
        }

        @Test
        void countsEverySimpleAndPreparedStatementAndLearnsTheBackendId() throws Exception {
            try (Connection c = open(); Statement st = c.createStatement()) {
                long id = Sessions.sessionId(db, c); // MySQL: a query, counted below with the others
                int before = proxy.steps();
                st.execute("INSERT INTO fp VALUES (1)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO fp VALUES (?)")) {
                    for (int i = 2; i <= 4; i++) {
                        ps.setInt(1, i);
                        ps.executeUpdate();
                    }
                }
                st.executeQuery("SELECT count(*) FROM fp").close();
                assertThat(proxy.steps() - before).isEqualTo(5);
                assertThat(proxy.stepLog().subList(before, before + 2))
                        .containsExactly("INSERT INTO fp VALUES (?)", "INSERT INTO fp VALUES (?)");
                assertThat(proxy.backendIds()).containsExactly(id);
            }
        }

        /** Connects, then arms the fault at the connection's next step: the INSERT. */
        private Throwable insertWith(Fault fault) throws Exception {
            try (Connection c = open(); Statement st = c.createStatement()) {
                proxy.arm(fault, 1); // arm counts from zero again: the INSERT is step 1
                Throwable failure = catchThrowable(() -> st.execute("INSERT INTO fp VALUES (7)"));
                assertThat(proxy.fired()).isTrue();
                assertThat(proxy.stepLog()).containsExactly("INSERT INTO fp VALUES (?)");
                return failure;
            }
        }

        private long rowsAfterTheSessionEnded() throws Exception {
            long deadline = System.currentTimeMillis() + 10_000;
            while (proxy.openConnections() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // the server runs what it received before it notices the closed socket
            return db.queryLong("SELECT count(*) FROM fp WHERE id = 7");
        }

        @Test
        void cutBeforeTheStepNeverReachesTheServer() throws Exception {
            assertThat(insertWith(Fault.CUT_BEFORE)).isInstanceOf(SQLException.class);
            assertThat(rowsAfterTheSessionEnded()).isZero();
        }

        @Test
        void cutAfterTheStepRunsItButTheClientNeverHearsOfIt() throws Exception {
            assertThat(insertWith(Fault.CUT_AFTER)).isInstanceOf(SQLException.class);
            assertThat(rowsAfterTheSessionEnded()).as("committed without a reply").isEqualTo(1);
        }

        @Test
        void terminateEndsTheBackendAtTheStep() throws Exception {
            Throwable failure;
            long id;
            try (Connection c = open(); Statement st = c.createStatement()) {
                id = Sessions.sessionId(db, c);
                proxy.arm(Fault.TERMINATE, 1);
                failure = catchThrowable(() -> {
                    st.execute("INSERT INTO fp VALUES (7)");
                    st.execute("SELECT 1"); // if the INSERT's reply came first, the next statement meets the kill
                });
            }
            assertThat(proxy.killFailure()).isNull();
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(db.queryLong(db.engine() == Engine.POSTGRESQL
                    ? "SELECT count(*) FROM pg_stat_activity WHERE pid = " + id
                    : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = " + id)).isZero();
        }

        @Test
        void theLogMasksLiterals() {
            assertThat(FaultProxy.describe("UPDATE t SET a = 'x''y', b = 42\n WHERE c = 7"))
                    .isEqualTo("UPDATE t SET a = '?', b = ? WHERE c = ?");
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgreSql extends Common {
        OnPostgreSql(TestDatabase db) {
            super(db);
        }

        @Override
        String kill(long id) {
            return "SELECT pg_terminate_backend(" + id + ")";
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String kill(long id) {
            return "KILL " + id;
        }
    }
}
