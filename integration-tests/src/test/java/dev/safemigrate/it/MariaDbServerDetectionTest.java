package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.GeneralLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.safemigrate.it.support.Sessions.sessionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server detection through both clients. Connector/J connected to MariaDB reports the product name
 * {@code MySQL} and the version {@code 5.5.5-10.11.…-MariaDB}; MariaDB's client reports {@code MariaDB}.
 * Before, the driver looked at the name only: through {@code jdbc:safemigrate:mysql:} it took MariaDB for
 * MySQL, logged "ddlStatementTimeout is ignored on MySQL" and set no {@code max_statement_time}, while the
 * online-DDL rule of the same connection (which read {@code VERSION()}) said MariaDB.
 */
@RealDatabase(Engine.MYSQL)
class MariaDbServerDetectionTest {
    private final TestDatabase db;

    MariaDbServerDetectionTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS detected", "CREATE TABLE detected (id int PRIMARY KEY) ENGINE=InnoDB");
    }

    @ParameterizedTest(name = "jdbc:safemigrate:{0}:")
    @ValueSource(strings = {"mysql", "mariadb"})
    void theDdlStatementTimeoutReachesMariaDbThroughEitherClient(String subprotocol) throws Exception {
        boolean mariadb = db.serverVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        String url = db.safeUrl("safemigrate.ddlStatementTimeout=5s")
                .replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + subprotocol + ":");
        assertThat(url).startsWith("jdbc:safemigrate:" + subprotocol + "://");

        List<String> sent;
        String logged;
        try (Connection c = java.sql.DriverManager.getConnection(url, db.user(), db.password());
             GeneralLog log = GeneralLog.start(db)) {
            long session = sessionId(db, c);
            logged = stderrOf(() -> {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE detected ADD COLUMN note varchar(20)");
                }
            });
            sent = log.statements(session);
            if (mariadb) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT @@SESSION.max_statement_time")) {
                    rs.next();
                    assertThat(rs.getDouble(1)).as("the session's own value is back after the DDL").isZero();
                }
            }
        }
        assertThat(sent).as("the ALTER reached the server").anySatisfy(s ->
                assertThat(s).startsWith("ALTER TABLE detected ADD COLUMN note"));
        if (mariadb) {
            assertThat(sent).as("what reached MariaDB before the ALTER").anySatisfy(s ->
                    assertThat(s).contains("max_statement_time = 5.000"));
            assertThat(logged).doesNotContain("ignored on MySQL");
        } else {
            // MySQL's max_execution_time applies to SELECT only: nothing to set, a warning (once per JVM) says so
            assertThat(sent).noneSatisfy(s -> assertThat(s).contains("max_statement_time"));
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the driver logged (slf4j-simple writes to System.err, looked up at every call) while {@code action} ran. */
    private static String stderrOf(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
