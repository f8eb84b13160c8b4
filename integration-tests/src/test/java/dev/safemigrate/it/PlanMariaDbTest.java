package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.plan.ReadOnlySession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code plan --url} on MySQL/MariaDB: InnoDB's sizes and row estimate for a table of known size, the live
 * server version in the plan, a read-only session the server enforces, and nothing changed.
 */
@RealDatabase(Engine.MYSQL)
class PlanMariaDbTest {
    private final TestDatabase db;

    @TempDir
    Path migrations;

    PlanMariaDbTest(TestDatabase db) {
        this.db = db;
    }

    /** 32,768 rows, analysed. */
    @BeforeEach
    void table() throws SQLException {
        db.execute("DROP TABLE IF EXISTS accounts", "DROP TABLE IF EXISTS teams",
                "CREATE TABLE teams (id int PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO teams VALUES (1)",
                "CREATE TABLE accounts (id int AUTO_INCREMENT PRIMARY KEY, balance int NOT NULL, team int NOT NULL,"
                        + " note varchar(20) NULL) ENGINE=InnoDB",
                "INSERT INTO accounts (balance, team) VALUES (100, 1)");
        for (int k = 0; k < 15; k++) {
            db.execute("INSERT INTO accounts (balance, team, note) SELECT balance, team, 'n' FROM accounts");
        }
        db.execute("ANALYZE TABLE accounts");
    }

    private String plan() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("plan", "--url", db.bareUrl(), "--user", db.user(), "--password", db.password(),
                        "--format", "json", "--fail-on", "never", migrations.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(json);
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void liveSizesRowEstimateAndServerVersion() throws Exception {
        Files.writeString(migrations.resolve("V1__online.sql"), "ALTER TABLE accounts ADD COLUMN region char(2) NULL;\n"
                + "CREATE INDEX accounts_team ON accounts (team);\n"
                + "ALTER TABLE accounts ADD CONSTRAINT accounts_team_fk FOREIGN KEY (team) REFERENCES teams (id);");
        String before = snapshot();

        String json = plan();

        assertThat(json).contains("\"live\": true").contains("\"dialect\": \"" + (db.serverVersion().contains("MariaDB")
                ? "mariadb" : "mysql") + "\"").contains("\"assumptions\": []");
        assertThat(number(json, "estimatedRows")).isEqualTo(db.queryLong(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'"))
                .isBetween(16_000L, 50_000L);
        assertThat(number(json, "totalBytes")).isEqualTo(db.queryLong("SELECT DATA_LENGTH + INDEX_LENGTH"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts'"));
        assertThat(json).contains("ALTER TABLE accounts ADD COLUMN region char(2) NULL, ALGORITHM=INSTANT;")
                .contains("CREATE INDEX accounts_team ON accounts (team) ALGORITHM=INPLACE LOCK=NONE;")
                .contains("\"rule\": \"copying-alter\"");
        assertThat(snapshot()).isEqualTo(before);
    }

    private String snapshot() throws SQLException {
        return db.dump("SHOW CREATE TABLE accounts", "SELECT COUNT(*), SUM(balance) FROM accounts",
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1");
    }

    @Test
    void theServerRefusesAnyWriteOnPlansConnection() throws SQLException {
        try (ReadOnlySession session = ReadOnlySession.open(db.bareUrl(), db.user(), db.password());
             Statement s = session.connection().createStatement()) {
            // MySQL's Connector/J refuses the write itself ("Connection is read-only"); MariaDB's sends it and the
            // server answers 1792 (SQLSTATE 25006). Either way the server's session is read-only:
            assertThatThrownBy(() -> s.execute("UPDATE accounts SET balance = 0")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode() == 1792
                            || e.getMessage().contains("read-only")).as(e.getMessage()).isTrue());
            String variable = db.serverVersion().contains("MariaDB") ? "@@tx_read_only" : "@@transaction_read_only";
            try (ResultSet rs = s.executeQuery("SELECT " + variable)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the server's own read-only flag for the session").isEqualTo(1);
            }
        }
        // MariaDB's own driver (bundled in safemigrate.jar) leaves the check to the server: 1792, SQLSTATE 25006
        String mariadbUrl = db.bareUrl().replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
        try (ReadOnlySession session = ReadOnlySession.open(mariadbUrl, db.user(), db.password());
             Statement s = session.connection().createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE accounts SET balance = 0"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1792);
                        assertThat(e.getSQLState()).isEqualTo("25006");
                    });
        }
        assertThat(db.queryLong("SELECT COUNT(*) FROM accounts WHERE balance = 0")).isZero();
    }
}
