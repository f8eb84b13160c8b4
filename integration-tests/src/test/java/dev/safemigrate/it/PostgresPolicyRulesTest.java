package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Sessions;
import dev.safemigrate.rules.PolicyViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The policy rules (breaking and blocking operations), the in-place type change, volatile defaults and
 * REFRESH MATERIALIZED VIEW on PostgreSQL: what reaches the server (event trigger), the catalog
 * afterwards (relfilenode tells whether a table was rewritten), errors and logs.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresPolicyRulesTest {
    private static final String REWRITE = "safemigrate.rewrite.minRows=1000";

    private final TestDatabase db;
    private DdlProbe probe;

    PostgresPolicyRulesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS team_sizes, user_emails, user_teams",
                "DROP TABLE IF EXISTS users, tiny, audit, scratch CASCADE",
                "CREATE TABLE users (id int PRIMARY KEY, email varchar(50), name text, amount numeric(10,2), team int,"
                        + " label text COLLATE \"C\")",
                "INSERT INTO users SELECT g, 'u' || g || '@example.com', 'n' || g, g / 10.0, g % 10, 'l'"
                        + " FROM generate_series(1, 5000) g",
                "CREATE TABLE tiny (id int PRIMARY KEY, v int)",
                "INSERT INTO tiny SELECT g, g FROM generate_series(1, 10) g",
                "CREATE TABLE audit (id serial PRIMARY KEY, what text)",
                "ANALYZE users", "ANALYZE tiny");
        probe = DdlProbe.install(db);
    }

    @AfterEach
    void removeProbe() throws SQLException {
        probe.close();
    }

    private Connection safe(String params) throws SQLException {
        return db.openSafe(REWRITE + (params.isEmpty() ? "" : "&" + params));
    }

    private long relfilenode(String table) throws SQLException {
        return db.queryLong("SELECT relfilenode FROM pg_class WHERE oid = to_regclass('" + db.schema() + "." + table + "')");
    }

    private String columnType(String table, String column) throws SQLException {
        try (Connection c = db.openBare()) {
            return Sessions.queryString(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass('"
                    + db.schema() + "." + table + "') AND attname = '" + column + "' AND NOT attisdropped");
        }
    }

    private void run(String params, String sql) throws SQLException {
        try (Connection c = safe(params); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static PolicyViolationException refusal(Executable action) {
        try {
            action.execute();
        } catch (PolicyViolationException e) {
            assertThat(e.getSQLState()).isEqualTo("SM001");
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a PolicyViolationException, got " + t, t);
        }
        throw new AssertionError("expected a PolicyViolationException, the statement ran");
    }

    /** What the driver logged (slf4j-simple writes to System.err, looked up at every call) while {@code action} ran. */
    private static String logged(Executable action) throws Throwable {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } finally {
            System.setErr(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    // ------------------------------------------------------------------ blocking operations: refused by default

    @Test
    void vacuumFullOfABigTableIsRefusedAndNothingRuns() throws SQLException {
        long before = relfilenode("users");
        PolicyViolationException e = refusal(() -> run("", "VACUUM FULL users"));
        assertThat(e.rule()).isEqualTo("vacuum-full");
        assertThat(e.getMessage()).contains("VACUUM FULL users", "nothing was sent", "ACCESS EXCLUSIVE", "pg_repack",
                "/* safemigrate:allow vacuum-full */", "safemigrate.policy.vacuumFull=warn");
        assertThat(relfilenode("users")).as("not rewritten").isEqualTo(before);

        long parenthesised = relfilenode("users");
        refusal(() -> run("", "VACUUM (FULL, ANALYZE) users"));
        assertThat(relfilenode("users")).isEqualTo(parenthesised);
    }

    @Test
    void plainVacuumSmallTablesAndFullFalseRunAsWritten() throws SQLException {
        long tiny = relfilenode("tiny");
        run("", "VACUUM FULL tiny");
        assertThat(relfilenode("tiny")).as("small table: ran, rewritten").isNotEqualTo(tiny);
        long users = relfilenode("users");
        run("", "VACUUM users");
        run("", "VACUUM (FULL false) users");
        assertThat(relfilenode("users")).isEqualTo(users);
    }

    @Test
    void clusterOfABigTableIsRefused() throws SQLException {
        long before = relfilenode("users");
        PolicyViolationException e = refusal(() -> run("", "CLUSTER users USING users_pkey"));
        assertThat(e.getMessage()).contains("[cluster]", "pg_repack", "safemigrate.policy.cluster=warn");
        assertThat(relfilenode("users")).isEqualTo(before);
        assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema()
                + ".users_pkey') AND indisclustered")).isZero();
    }

    @Test
    void exclusionConstraintIsRefusedEvenWhenAStringLiteralLooksLikeTheAllowComment() throws SQLException {
        PolicyViolationException e = refusal(() -> run("", "ALTER TABLE users ADD CONSTRAINT users_no_overlap EXCLUDE"
                + " USING btree (id WITH =) WHERE (name <> '/* safemigrate:allow exclusion-constraint */')"));
        assertThat(e.getMessage()).contains("exclusion constraint users_no_overlap", "no NOT VALID",
                "expand/contract");
        assertThat(probe.statements()).isEmpty();
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'users_no_overlap'")).isZero();
    }

    @Test
    void theAllowCommentRunsARefusedStatementAsWritten() throws SQLException {
        String sql = "ALTER TABLE users /* safemigrate:allow exclusion-constraint */ ADD CONSTRAINT users_no_overlap"
                + " EXCLUDE USING btree (id WITH =)";
        run("", sql);
        assertThat(probe.statements()).containsExactly(sql);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'users_no_overlap'")).isOne();

        long before = relfilenode("users");
        run("", "-- safemigrate:allow vacuum-full\nVACUUM FULL users");
        assertThat(relfilenode("users")).isNotEqualTo(before);
    }

    @Test
    void theSettingTurnsARefusalIntoAWarning() throws SQLException {
        long before = relfilenode("users");
        run("safemigrate.policy.vacuumFull=warn", "VACUUM FULL users");
        assertThat(relfilenode("users")).isNotEqualTo(before);
        long again = relfilenode("users");
        run("safemigrate.policy.default=warn", "CLUSTER users USING users_pkey");
        assertThat(relfilenode("users")).isNotEqualTo(again);
    }

    // ------------------------------------------------------------------ breaking operations: warned by default

    @Test
    void droppingAColumnRunsAsWrittenAndLogsTheRiskAndTheRecipe() throws Throwable {
        String log = logged(() -> run("", "ALTER TABLE users DROP COLUMN name"));
        assertThat(probe.statements()).containsExactly("ALTER TABLE users DROP COLUMN name");
        assertThat(probe.lockTimeouts()).as("under the (first attempt's) lock timeout, as any DDL")
                .containsExactly("50ms");
        assertThat(Sessions.columnExists(db, "users", "name")).isFalse();
        assertThat(log).contains("WARN", "[drop-column]", "column name of table " + db.schema() + ".users",
                "Safe way: 1) make the column optional", "safemigrate.policy.dropColumn=warn");
    }

    @Test
    void renamesAndDropsRunWithAWarningByDefault() throws Throwable {
        String log = logged(() -> {
            run("", "ALTER TABLE users RENAME COLUMN email TO mail");
            run("", "ALTER TABLE tiny RENAME TO small");
            run("", "DROP TABLE small");
            run("", "TRUNCATE audit");
        });
        assertThat(probe.statements()).containsExactly("ALTER TABLE users RENAME COLUMN email TO mail",
                "ALTER TABLE tiny RENAME TO small", "DROP TABLE small");
        assertThat(Sessions.columnExists(db, "users", "mail")).isTrue();
        assertThat(log).contains("[rename-column]", "[rename-table]", "CREATE VIEW <old> AS SELECT * FROM <new>",
                "[drop-table]", "[truncate]");
    }

    @Test
    void theGlobalDefaultRefusesAndAnOperationsOwnKeyWins() throws SQLException {
        PolicyViolationException e = refusal(() -> run("safemigrate.policy.default=refuse", "ALTER TABLE users DROP COLUMN name"));
        assertThat(e.getMessage()).contains("[drop-column]", "DROP NOT NULL", "safemigrate.policy.dropColumn=warn");
        assertThat(probe.statements()).isEmpty();
        assertThat(Sessions.columnExists(db, "users", "name")).isTrue();

        run("safemigrate.policy.default=refuse&safemigrate.policy.dropColumn=warn", "ALTER TABLE users DROP COLUMN name");
        assertThat(Sessions.columnExists(db, "users", "name")).isFalse();
    }

    @Test
    void aRefusalInsideATransactionSendsNothingAndLeavesTheTransactionUsable() throws SQLException {
        try (Connection c = safe("safemigrate.policy.dropTable=refuse&safemigrate.policy.renameColumn=refuse");
             Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            PolicyViolationException e = refusal(() -> st.execute("DROP TABLE users"));
            assertThat(e.getMessage()).contains("DROP TABLE users", "[drop-table]", "deploy code that no longer uses the table",
                    "/* safemigrate:allow drop-table */");
            refusal(() -> st.execute("ALTER TABLE users RENAME email TO mail"));
            st.executeUpdate("INSERT INTO audit (what) VALUES ('after')");
            c.commit();
        }
        assertThat(probe.statements()).isEmpty();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("the transaction was not aborted").isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM users")).isEqualTo(5000);
    }

    @Test
    void tablesCreatedInTheTransactionAndTemporaryTablesAreExempt() throws SQLException {
        try (Connection c = safe("safemigrate.policy.default=refuse"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TABLE scratch (id int, v text)");
            st.execute("ALTER TABLE scratch RENAME COLUMN v TO w");
            st.execute("ALTER TABLE scratch DROP COLUMN w");
            st.execute("DROP TABLE scratch");
            c.commit();
            st.execute("CREATE TEMPORARY TABLE temp_scratch (id int)");
            st.execute("TRUNCATE temp_scratch");
            st.execute("DROP TABLE temp_scratch");
        }
        assertThat(probe.statements()).containsExactly("CREATE TABLE scratch (id int, v text)",
                "ALTER TABLE scratch RENAME COLUMN v TO w", "ALTER TABLE scratch DROP COLUMN w", "DROP TABLE scratch",
                "CREATE TEMPORARY TABLE temp_scratch (id int)", "DROP TABLE temp_scratch");
    }

    @Test
    void truncateRefusedKeepsTheRows() throws SQLException {
        db.execute("INSERT INTO audit (what) VALUES ('keep')");
        PolicyViolationException e = refusal(() -> run("safemigrate.policy.truncate=refuse", "TRUNCATE TABLE audit, users CASCADE"));
        assertThat(e.getMessage()).contains("[truncate] table " + db.schema() + ".audit", "[truncate] table " + db.schema()
                + ".users", "CASCADE also empties", "DELETE in batches");
        assertThat(db.queryLong("SELECT count(*) FROM audit")).isOne();
        assertThat(db.queryLong("SELECT count(*) FROM users")).isEqualTo(5000);
    }

    // ------------------------------------------------------------------ ALTER COLUMN … TYPE

    @Test
    void binaryCompatibleTypeChangesRunInPlace() throws SQLException {
        long before = relfilenode("users");
        String[] changes = {
            "ALTER TABLE users ALTER COLUMN email TYPE varchar(100)",
            "ALTER TABLE users ALTER email SET DATA TYPE character varying(200)",
            "ALTER TABLE users ALTER COLUMN email TYPE text",
            "ALTER TABLE users ALTER COLUMN amount TYPE numeric(12,2)",
            "ALTER TABLE users ALTER COLUMN amount TYPE numeric",
        };
        for (String sql : changes) {
            run("", sql);
        }
        assertThat(probe.statements()).containsExactly(changes);
        assertThat(relfilenode("users")).as("the table was not rewritten").isEqualTo(before);
        assertThat(columnType("users", "email")).isEqualTo("text");
        assertThat(columnType("users", "amount")).isEqualTo("numeric");
    }

    @Test
    void typeChangesThatRewriteTheTableAreRefused() throws SQLException {
        long before = relfilenode("users");
        PolicyViolationException e = refusal(() -> run("", "ALTER TABLE users ALTER COLUMN team TYPE bigint"));
        assertThat(e.getMessage()).contains("[alter-column-type] column team of table " + db.schema() + ".users",
                "integer to bigint", "ADD COLUMN <c>_new", "backfill", "safemigrate.policy.alterColumnType=warn");
        refusal(() -> run("", "ALTER TABLE users ALTER COLUMN email TYPE varchar(20)"));
        refusal(() -> run("", "ALTER TABLE users ALTER COLUMN amount TYPE numeric(12,3)"));
        refusal(() -> run("", "ALTER TABLE users ALTER COLUMN email TYPE text USING lower(email)"));
        refusal(() -> run("", "ALTER TABLE users ALTER COLUMN label TYPE varchar"));
        refusal(() -> run("", "ALTER TABLE users ALTER COLUMN email TYPE text, ALTER COLUMN team TYPE bigint"));
        assertThat(probe.statements()).isEmpty();
        assertThat(relfilenode("users")).isEqualTo(before);
        assertThat(columnType("users", "team")).isEqualTo("integer");
        assertThat(columnType("users", "email")).isEqualTo("character varying(50)");

        run("", "ALTER TABLE tiny ALTER COLUMN v TYPE bigint");
        assertThat(columnType("tiny", "v")).as("small table: as written").isEqualTo("bigint");
        run("", "ALTER TABLE users ALTER COLUMN team TYPE bigint /* safemigrate:allow alter-column-type */");
        assertThat(relfilenode("users")).as("allowed: rewritten").isNotEqualTo(before);
    }

    // ------------------------------------------------------------------ ADD COLUMN … DEFAULT

    @Test
    void volatileDefaultsAreRefusedStableOnesPass() throws SQLException {
        long before = relfilenode("users");
        // With batching off there is no backfill to replace the statement with: the policy refuses.
        PolicyViolationException e = refusal(() -> run("safemigrate.batch=false",
                "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()"));
        assertThat(e.getMessage()).contains("[volatile-default] new column token of table " + db.schema() + ".users",
                "gen_random_uuid() is volatile", "SET DEFAULT", "backfill the existing rows in batches",
                "safemigrate.policy.volatileDefault=warn");
        refusal(() -> run("", "ALTER TABLE users ADD seen timestamptz NOT NULL DEFAULT clock_timestamp()"));
        refusal(() -> run("safemigrate.batch=false", "ALTER TABLE users ADD COLUMN IF NOT EXISTS r int DEFAULT (random() * 10)::int"));
        refusal(() -> run("", "ALTER TABLE users ADD COLUMN seq bigserial"));
        refusal(() -> run("", "ALTER TABLE users ADD COLUMN n int, ADD COLUMN ident int GENERATED ALWAYS AS IDENTITY"));
        assertThat(probe.statements()).isEmpty();
        assertThat(Sessions.columnExists(db, "users", "token")).isFalse();
        assertThat(Sessions.columnExists(db, "users", "n")).isFalse();

        String[] instant = {
            "ALTER TABLE users ADD COLUMN created timestamptz NOT NULL DEFAULT now()",
            "ALTER TABLE users ADD COLUMN at timestamptz DEFAULT CURRENT_TIMESTAMP",
            "ALTER TABLE users ADD COLUMN flag boolean NOT NULL DEFAULT false",
            "ALTER TABLE users ADD COLUMN note text DEFAULT 'random()'",
        };
        for (String sql : instant) {
            run("", sql);
        }
        assertThat(probe.statements()).containsExactly(instant);
        assertThat(relfilenode("users")).as("not rewritten").isEqualTo(before);

        run("", "ALTER TABLE tiny ADD COLUMN token uuid DEFAULT gen_random_uuid()");
        assertThat(Sessions.columnExists(db, "tiny", "token")).as("small table: as written").isTrue();
    }

    @Test
    void aVolatileDefaultIsAddedWithoutItThenBackfilledInBatches() throws SQLException {
        long before = relfilenode("users");
        run("safemigrate.batch.minRows=100&safemigrate.batch.maxSize=500",
                "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()");
        String q = "\"token\"";
        // then only the batching journal's own CREATE TABLE IF NOT EXISTS: no table rewrite
        assertThat(probe.statements()).startsWith("ALTER TABLE users ADD COLUMN token uuid",
                "ALTER TABLE users ALTER COLUMN " + q + " SET DEFAULT gen_random_uuid()").hasSize(3);
        assertThat(probe.statements().get(2)).startsWith("CREATE TABLE IF NOT EXISTS \"safemigrate_batch_journal\"");
        assertThat(relfilenode("users")).as("the table was not rewritten").isEqualTo(before);
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE token IS NULL")).as("every row filled").isZero();
        assertThat(db.queryLong("SELECT count(DISTINCT token) FROM users")).as("a value per row, as the default gives")
                .isEqualTo(db.queryLong("SELECT count(*) FROM users"));
        assertThat(db.queryLong("SELECT batches FROM safemigrate_batch_journal WHERE statement LIKE '%UPDATE users SET%'"
                + " AND state = 'finished'")).as("filled in batches").isGreaterThan(5);
        db.execute("INSERT INTO users (id) VALUES (999999)");
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE id = 999999 AND token IS NOT NULL"))
                .as("new rows get the default").isEqualTo(1);
    }

    // ------------------------------------------------------------------ REFRESH MATERIALIZED VIEW

    @Test
    void refreshBecomesConcurrentWhenTheViewHasAPlainUniqueIndex() throws SQLException {
        db.execute("CREATE MATERIALIZED VIEW user_teams AS SELECT id, team FROM users",
                "CREATE UNIQUE INDEX user_teams_id ON user_teams (id)", "ANALYZE user_teams");
        probe.clear();
        run("", "REFRESH MATERIALIZED VIEW user_teams");
        // A concurrent refresh runs DDL of its own (a temporary diff table): the trigger fires for each, and
        // current_query() is the statement sent.
        assertThat(probe.statements()).isNotEmpty().containsOnly("REFRESH MATERIALIZED VIEW CONCURRENTLY user_teams");
    }

    @Test
    void insideATransactionTheConcurrentRefreshRunsThereWithoutSplittingIt() throws SQLException {
        db.execute("CREATE MATERIALIZED VIEW user_teams AS SELECT id, team FROM users",
                "CREATE UNIQUE INDEX user_teams_id ON user_teams (id)", "ANALYZE user_teams");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('x')");
            st.execute("refresh materialized view " + db.schema() + ".user_teams with data");
            c.rollback();
        }
        assertThat(probe.statements()).isNotEmpty().containsOnly("refresh materialized view CONCURRENTLY " + db.schema()
                + ".user_teams with data");
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("nothing committed early").isZero();
    }

    @Test
    void refreshStaysAsWrittenWithoutAUsableUniqueIndexOrData() throws SQLException {
        db.execute("CREATE MATERIALIZED VIEW team_sizes AS SELECT id, team FROM users",
                "CREATE MATERIALIZED VIEW user_emails AS SELECT id, lower(email) AS email FROM users",
                "CREATE UNIQUE INDEX user_emails_lower ON user_emails (lower(email))",
                "CREATE UNIQUE INDEX user_emails_partial ON user_emails (id) WHERE id > 10",
                "CREATE MATERIALIZED VIEW user_teams AS SELECT id, team FROM users WITH NO DATA",
                "CREATE UNIQUE INDEX user_teams_id ON user_teams (id)",
                "ANALYZE team_sizes", "ANALYZE user_emails");
        probe.clear();
        String[] asWritten = {
            "REFRESH MATERIALIZED VIEW team_sizes",
            "REFRESH MATERIALIZED VIEW user_emails",
            "REFRESH MATERIALIZED VIEW user_teams",
            "REFRESH MATERIALIZED VIEW user_teams WITH NO DATA",
        };
        for (String sql : asWritten) {
            run("", sql);
        }
        assertThat(probe.statements()).containsExactly(asWritten);
    }
}
