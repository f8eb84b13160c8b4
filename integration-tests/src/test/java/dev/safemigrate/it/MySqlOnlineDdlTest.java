package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.GeneralLog;
import dev.safemigrate.it.support.Writer;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.safemigrate.it.support.Sessions.holdTransactionOn;
import static dev.safemigrate.it.support.Sessions.queryLong;
import static dev.safemigrate.it.support.Sessions.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online-DDL rule on a real MySQL/MariaDB server: what reached the server (the general log, per
 * session), the schema afterwards, refusals of copying ALTERs (nothing changed), {@code warn} running them,
 * and a writer that is never stalled beyond the lock timeout while an ALTER waits behind a long
 * transaction — side by side with the bare driver, which stalls it until the transaction ends.
 */
@RealDatabase(Engine.MYSQL)
class MySqlOnlineDdlTest {
    private static final long LOCK_TIMEOUT_MS = 1000;
    /** Generous: two cores, other builds running. */
    private static final long MARGIN_MS = 1500;
    private static final String RETRYING = "safemigrate.lockTimeout=1s&safemigrate.retry.baseDelay=200ms"
            + "&safemigrate.retry.maxDelay=1s&safemigrate.retry.maxAttempts=100";

    private final TestDatabase db;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private String version;

    MySqlOnlineDdlTest(TestDatabase db) {
        this.db = db;
    }

    /** 32,768 rows, analysed: above the default safemigrate.rewrite.minRows (10,000), so policies apply. */
    @BeforeEach
    void bigTable() throws SQLException {
        db.execute("DROP TABLE IF EXISTS accounts", "DROP TABLE IF EXISTS teams",
                "CREATE TABLE teams (id int PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO teams VALUES (1)",
                "CREATE TABLE accounts (id int AUTO_INCREMENT PRIMARY KEY, balance int NOT NULL, team int NOT NULL,"
                        + " note varchar(20) NULL) ENGINE=InnoDB",
                "INSERT INTO accounts (balance, team) VALUES (100, 1)");
        for (int k = 0; k < 15; k++) {
            db.execute("INSERT INTO accounts (balance, team, note) SELECT balance, team, 'n' FROM accounts");
        }
        db.execute("ANALYZE TABLE accounts");
        try (Connection c = db.openBare()) {
            version = queryString(c, "SELECT VERSION()");
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Runs {@code sql} through safemigrate; returns the DDL that reached the server from that session. */
    private List<String> sent(String params, String sql) throws SQLException {
        try (GeneralLog log = GeneralLog.start(db); Connection c = db.openSafe(params); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            st.execute(sql);
            return log.ddl(id);
        }
    }

    private List<String> sent(String sql) throws SQLException {
        return sent("", sql);
    }

    private String columnType(String column) throws SQLException {
        try (Connection c = db.openBare()) {
            return queryString(c, "SELECT CONCAT(COLUMN_TYPE, ' ', IS_NULLABLE) FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts' AND COLUMN_NAME = '" + column + "'");
        }
    }

    private long count(String sql) throws SQLException {
        return db.queryLong(sql);
    }

    private long indexes(String name) throws SQLException {
        return count("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'accounts' AND INDEX_NAME = '" + name + "'");
    }

    private long constraints() throws SQLException {
        return count("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'accounts' AND CONSTRAINT_TYPE IN ('CHECK', 'FOREIGN KEY')");
    }

    // ---- what reached the server, and the schema ------------------------------------------------

    @Test
    void addColumnIsSentWithAlgorithmInstant() throws SQLException {
        assertThat(sent("ALTER TABLE accounts ADD COLUMN flag tinyint NULL"))
                .containsExactly("ALTER TABLE accounts ADD COLUMN flag tinyint NULL, ALGORITHM=INSTANT");
        assertThat(columnType("flag")).isEqualTo("tinyint(4) YES");
    }

    @Test
    void createIndexIsSentInplaceWithoutLocking() throws SQLException {
        assertThat(sent("CREATE INDEX accounts_balance ON accounts (balance)"))
                .containsExactly("CREATE INDEX accounts_balance ON accounts (balance) ALGORITHM=INPLACE LOCK=NONE");
        assertThat(indexes("accounts_balance")).isGreaterThan(0);
    }

    @Test
    void dropIndexIsSentAsAnInplaceAlterWithEveryNameQuoted() throws SQLException {
        db.execute("CREATE INDEX accounts_balance ON accounts (balance)");
        assertThat(sent("DROP INDEX accounts_balance ON accounts"))
                .containsExactly("ALTER TABLE `accounts` DROP INDEX `accounts_balance`, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(indexes("accounts_balance")).isZero();
    }

    @Test
    void whenInstantIsNotSupportedTheNextOnlineFormIsTried() throws SQLException {
        // NULL -> NOT NULL: not instant on MySQL or MariaDB, but in place without blocking writes (it rebuilds the
        // table: warned by safemigrate.policy.notNullRebuild, default warn).
        db.execute("UPDATE accounts SET note = 'n' WHERE note IS NULL");
        assertThat(sent("ALTER TABLE accounts MODIFY note varchar(20) NOT NULL")).containsExactly(
                "ALTER TABLE accounts MODIFY note varchar(20) NOT NULL, ALGORITHM=INSTANT",
                "ALTER TABLE accounts MODIFY note varchar(20) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(columnType("note")).isEqualTo("varchar(20) NO");
    }

    @Test
    void aStatementNamingItsAlgorithmIsRespectedAsWritten() throws SQLException {
        assertThat(sent("ALTER TABLE accounts ADD COLUMN flag int, ALGORITHM=COPY"))
                .containsExactly("ALTER TABLE accounts ADD COLUMN flag int, ALGORITHM=COPY");
        assertThat(columnType("flag")).isEqualTo("int(11) YES");
    }

    /**
     * The safe form runs on a statement of the driver's own, so the caller's statement executed nothing: it must
     * still answer as after a DDL. Liquibase drains every statement's results; MariaDB's client threw a
     * NullPointerException from getMoreResults() on the statement that never ran, and a reused statement
     * reported its previous execution's count.
     */
    @ParameterizedTest(name = "jdbc:safemigrate:{0}:")
    @ValueSource(strings = {"mysql", "mariadb"})
    void aStatementRunInItsOnlineFormReportsADdlsResults(String subprotocol) throws SQLException {
        String url = db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + subprotocol + ":");
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE accounts SET note = 'x' WHERE id = 1")).isEqualTo(1);
            assertThat(st.execute("CREATE INDEX accounts_balance ON accounts (balance)")).isFalse();
            assertThat(st.getResultSet()).isNull();
            assertThat(st.getUpdateCount()).as("a DDL's count, not the UPDATE's before it").isZero();
            assertThat(st.getMoreResults()).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(-1);
            assertThat(st.executeUpdate("DROP INDEX accounts_balance ON accounts")).isZero();
            assertThat(st.getMoreResults()).isFalse();
        }
        assertThat(indexes("accounts_balance")).isZero();
    }

    // ---- copying ALTERs: refused by default, run under warn ---------------------------------------

    @Test
    void aCopyingAlterIsRefusedWithTheServersReasonAndNothingChanges() throws SQLException {
        try (GeneralLog log = GeneralLog.start(db); Connection c = db.openSafe(); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            assertThatThrownBy(() -> st.execute("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0)"))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("[copying-alter]")
                    .hasMessageContaining("ALGORITHM=INPLACE is not supported") // the server's own answer
                    .hasMessageContaining("gh-ost or pt-online-schema-change")
                    .hasMessageContaining("nothing was changed")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM001"));
            assertThatThrownBy(() -> st.execute("ALTER TABLE accounts ADD CONSTRAINT fk_team FOREIGN KEY (team)"
                    + " REFERENCES teams (id)"))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("foreign_key_checks"); // MariaDB/MySQL: "Adding foreign keys needs foreign_key_checks=OFF"
            assertThatThrownBy(() -> st.execute("ALTER TABLE accounts MODIFY balance bigint NOT NULL"))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("[alter-column-type]")
                    .hasMessageContaining("Cannot change column type");
            assertThat(log.ddl(id)).as("only the online forms reached the server, never the statement as written")
                    .allSatisfy(s -> assertThat(s).containsAnyOf("ALGORITHM=INSTANT", "ALGORITHM=INPLACE, LOCK=NONE"))
                    .anySatisfy(s -> assertThat(s).contains("ADD CONSTRAINT positive"))
                    .anySatisfy(s -> assertThat(s).contains("ADD CONSTRAINT fk_team"))
                    .anySatisfy(s -> assertThat(s).contains("MODIFY balance bigint"));
        }
        assertThat(constraints()).isZero();
        assertThat(columnType("balance")).isEqualTo("int(11) NO");
        assertThat(count("SELECT COUNT(*) FROM accounts")).isEqualTo(32768);
    }

    @Test
    void warnRunsTheCopyingAlterAsWrittenAfterTheOnlineForms() throws SQLException {
        String check = "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0)";
        // A constraint is never instant: the rule starts with the in-place form.
        assertThat(sent("safemigrate.policy.copyingAlter=warn", check)).containsExactly(
                check + ", ALGORITHM=INPLACE, LOCK=NONE", check);
        assertThat(constraints()).isEqualTo(1);
        String allowed = "ALTER TABLE accounts /* safemigrate:allow alter-column-type */ MODIFY balance bigint NOT NULL";
        assertThat(sent(allowed)).last().isEqualTo(allowed);
        assertThat(columnType("balance")).isEqualTo("bigint(20) NO");
    }

    @Test
    void aNotNullThatRebuildsTheTableIsRefusedUnderItsPolicy() throws SQLException {
        db.execute("UPDATE accounts SET note = 'n' WHERE note IS NULL");
        try (GeneralLog log = GeneralLog.start(db); Connection c = db.openSafe("safemigrate.policy.notNullRebuild=refuse");
             Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            assertThatThrownBy(() -> st.execute("ALTER TABLE accounts MODIFY note varchar(20) NOT NULL"))
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("[not-null-rebuild]")
                    .hasMessageContaining("rebuild the whole table")
                    .hasMessageContaining("safemigrate.policy.notNullRebuild=warn");
            assertThat(log.ddl(id)).isEmpty();
        }
        assertThat(columnType("note")).isEqualTo("varchar(20) YES");
    }

    // ---- breaking changes: the same policy settings as on PostgreSQL ---------------------------------

    @Test
    void refusedRenamesAndDropsSendNothingAndChangeNothing() throws SQLException {
        String refuseAll = "safemigrate.policy.renameColumn=refuse&safemigrate.policy.renameTable=refuse"
                + "&safemigrate.policy.dropColumn=refuse&safemigrate.policy.dropTable=refuse";
        try (GeneralLog log = GeneralLog.start(db); Connection c = db.openSafe(refuseAll); Statement st = c.createStatement()) {
            long id = queryLong(c, "SELECT CONNECTION_ID()");
            for (String[] refused : new String[][] {
                    {"ALTER TABLE accounts DROP COLUMN note", "[drop-column]"},
                    {"ALTER TABLE accounts RENAME COLUMN note TO remark", "[rename-column]"},
                    {"ALTER TABLE accounts CHANGE note remark varchar(20) NULL", "[rename-column]"},
                    {"ALTER TABLE accounts RENAME TO accounts_old", "[rename-table]"},
                    {"RENAME TABLE accounts TO accounts_old", "[rename-table]"},
                    {"DROP TABLE teams, accounts", "[drop-table]"}}) {
                assertThatThrownBy(() -> st.execute(refused[0])).as(refused[0])
                        .isInstanceOf(PolicyViolationException.class)
                        .hasMessageContaining(refused[1])
                        .hasMessageContaining("nothing was sent to the server")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("SM001"));
            }
            assertThat(log.ddl(id)).as("nothing reached the server").isEmpty();
        }
        assertThat(columnType("note")).isEqualTo("varchar(20) YES");
        assertThat(count("SELECT COUNT(*) FROM accounts")).isEqualTo(32768);
        assertThat(count("SELECT COUNT(*) FROM teams")).isEqualTo(1);
    }

    @Test
    void warnedDropsRunOnlineAndTheAllowCommentLetsARefusedOneThrough() throws SQLException {
        assertThat(sent("ALTER TABLE accounts DROP COLUMN note")).as("default: warn, then the online form")
                .containsExactly("ALTER TABLE accounts DROP COLUMN note, ALGORITHM=INSTANT");
        assertThat(count("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'accounts' AND COLUMN_NAME = 'note'")).isZero();
        String allowed = "ALTER TABLE accounts /* safemigrate:allow rename-column */ RENAME COLUMN team TO team_id";
        assertThat(sent("safemigrate.policy.renameColumn=refuse", allowed)).containsExactly(allowed + ", ALGORITHM=INSTANT");
        assertThat(columnType("team_id")).isEqualTo("int(11) NO");
    }

    // ---- a writer while the ALTER waits on a long transaction's metadata lock ---------------------

    static Stream<Arguments> waitingStatements() {
        return Stream.of(
                Arguments.of("ALTER TABLE accounts ADD COLUMN flag tinyint NULL",
                        "ALTER TABLE accounts ADD COLUMN flag2 tinyint NULL"),
                Arguments.of("CREATE INDEX accounts_team ON accounts (team)",
                        "CREATE INDEX accounts_team2 ON accounts (team)"),
                Arguments.of("DROP INDEX accounts_balance ON accounts", "DROP INDEX accounts_balance2 ON accounts"),
                Arguments.of("ALTER TABLE accounts RENAME COLUMN note TO remark",
                        "ALTER TABLE accounts RENAME COLUMN remark TO note"));
    }

    /**
     * A writer keeps inserting while the statement waits ~3 s on a long transaction's metadata lock: through
     * safemigrate it gives way after each lock timeout, so the writer is never stalled longer than that; the
     * same kind of statement through the bare driver holds the writer until the transaction ends.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("waitingStatements")
    void aWriterIsNeverStalledBeyondTheLockTimeoutUnlikeWithTheBareDriver(String safeSql, String bareSql)
            throws Exception {
        db.execute("CREATE INDEX accounts_balance ON accounts (balance)",
                "CREATE INDEX accounts_balance2 ON accounts (balance)");
        String insert = "INSERT INTO accounts (balance, team) VALUES (1, 1)";
        long safeWorst;
        long safeAlter;
        long bareWorst;
        List<String> sent;
        try (Writer writer = new Writer(db.openBare(), insert, 90)) {
            try (GeneralLog log = GeneralLog.start(db); Connection blocker = holdTransactionOn(db, "accounts");
                 Connection c = db.openSafe(RETRYING)) {
                long id = queryLong(c, "SELECT CONNECTION_ID()");
                Thread.sleep(200);
                writer.resetWorst();
                long start = System.nanoTime();
                Future<Boolean> alter = pool.submit(() -> {
                    try (Statement st = c.createStatement()) {
                        return st.execute(safeSql);
                    }
                });
                Thread.sleep(3000); // the statement waits on the blocker's metadata lock, giving way every attempt
                assertThat(alter.isDone()).as("it cannot finish while the blocker is open").isFalse();
                safeWorst = writer.worstMillis();
                blocker.commit();
                alter.get(30, TimeUnit.SECONDS);
                safeAlter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                sent = log.ddl(id);
            }
            try (Connection blocker = holdTransactionOn(db, "accounts")) {
                writer.resetWorst();
                Future<Boolean> alter = pool.submit(() -> {
                    try (Connection c = db.openBare(); Statement st = c.createStatement()) {
                        return st.execute(bareSql);
                    }
                });
                Thread.sleep(3000);
                blocker.commit();
                alter.get(30, TimeUnit.SECONDS);
                bareWorst = writer.worstMillis();
            }
        }
        System.out.printf("[safemigrate-it] %s: %s waiting 3 s on a metadata lock: writer's worst insert safemigrate"
                + " %d ms (statement done after %d ms), bare driver %d ms; sent: %s%n", version, safeSql, safeWorst,
                safeAlter, bareWorst, sent.isEmpty() ? "?" : sent.get(sent.size() - 1));
        assertThat(sent).as("what reached the server: the online form, attempt after attempt")
                .isNotEmpty().allSatisfy(s -> assertThat(s).contains("ALGORITHM="));
        assertThat(safeWorst).as("safemigrate: the writer's worst insert while the statement waited")
                .isLessThan(LOCK_TIMEOUT_MS + MARGIN_MS);
        assertThat(bareWorst).as("bare driver: the writer queues behind the waiting statement until the blocker ends")
                .isGreaterThanOrEqualTo(2000);
    }
}
