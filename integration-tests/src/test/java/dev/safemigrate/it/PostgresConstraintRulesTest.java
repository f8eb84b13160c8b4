package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import dev.safemigrate.it.support.Sessions;
import dev.safemigrate.it.support.Writer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The constraint rules on PostgreSQL: what reaches the server (recorded by an event trigger), the final
 * catalog state, transaction policies, exemptions, failed validations, re-runs, and what a concurrent
 * writer feels compared with the bare driver.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresConstraintRulesTest {
    private static final String REWRITE = "safemigrate.rewrite.minRows=1000";

    private final TestDatabase db;
    private DdlProbe probe;
    private String q;

    PostgresConstraintRulesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        db.execute("DROP TABLE IF EXISTS members, teams, tiny, audit, big, parents CASCADE",
                "CREATE TABLE teams (id int PRIMARY KEY, name text)",
                "INSERT INTO teams SELECT g, 'team ' || g FROM generate_series(1, 10) g",
                "CREATE TABLE members (id int, team int, score int, email text)",
                "INSERT INTO members SELECT g, g % 10 + 1, g, 'm' || g || '@example.com' FROM generate_series(1, 5000) g",
                "CREATE TABLE tiny (id int PRIMARY KEY, team int, v int)",
                "INSERT INTO tiny SELECT g, 1, g FROM generate_series(1, 10) g",
                "CREATE TABLE audit (id serial PRIMARY KEY, what text)",
                "ANALYZE members", "ANALYZE tiny", "ANALYZE teams");
        probe = DdlProbe.install(db);
        q = "\"" + db.schema() + "\".";
    }

    @AfterEach
    void removeProbe() throws SQLException {
        probe.close();
    }

    private Connection safe(String params) throws SQLException {
        return db.openSafe(REWRITE + (params.isEmpty() ? "" : "&" + params));
    }

    /** 1 validated, 0 NOT VALID; fails when the constraint does not exist. */
    private long validated(String table, String constraint) throws SQLException {
        return db.queryLong("SELECT convalidated::int FROM pg_constraint WHERE conrelid = to_regclass('" + db.schema()
                + "." + table + "') AND conname = '" + constraint + "'");
    }

    private long constraintCount(String table) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass('" + db.schema() + "."
                + table + "')");
    }

    private boolean notNull(String table, String column) throws SQLException {
        return db.queryLong("SELECT attnotnull::int FROM pg_attribute WHERE attrelid = to_regclass('" + db.schema()
                + "." + table + "') AND attname = '" + column + "'") == 1;
    }

    // ---- FOREIGN KEY and CHECK: NOT VALID, then VALIDATE ----

    @Test
    void foreignKeyIsAddedNotValidThenValidatedOnItsOwn() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThat(st.execute("ALTER TABLE members ADD CONSTRAINT members_team_fk FOREIGN KEY (team)"
                    + " REFERENCES teams (id) ON DELETE CASCADE")).isFalse();
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE members ADD CONSTRAINT members_team_fk FOREIGN KEY (team) REFERENCES teams (id)"
                        + " ON DELETE CASCADE NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_team_fk\"");
        assertThat(probe.lockTimeouts()).as("each under the first attempt's lock timeout (lockTimeout.first)")
                .containsExactly("50ms", "50ms");
        assertThat(validated("members", "members_team_fk")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'members_team_fk'"
                + " AND confdeltype = 'c'")).as("ON DELETE CASCADE kept").isEqualTo(1);
    }

    @Test
    void anUnnamedForeignKeyIsValidatedUnderTheNamePostgreSqlGaveIt() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("alter table members add foreign key (team) references teams;");
        }
        assertThat(probe.statements()).containsExactly(
                // pgjdbc sends the statement without its terminating semicolon
                "alter table members add foreign key (team) references teams NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_team_fkey\"");
        assertThat(validated("members", "members_team_fkey")).isEqualTo(1);
        assertThat(constraintCount("members")).isEqualTo(1);
    }

    @Test
    void checkConstraintsNamedAndUnnamed() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > 0)");
            st.execute("ALTER TABLE members ADD CHECK (email LIKE '%@%')");
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > 0) NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"score_positive\"",
                "ALTER TABLE members ADD CHECK (email LIKE '%@%') NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_email_check\"");
        assertThat(validated("members", "score_positive")).isEqualTo(1);
        assertThat(validated("members", "members_email_check")).isEqualTo(1);
    }

    @Test
    void splitPolicyCommitsTheWorkBeforeAndValidatesOutsideTheTransaction() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("ALTER TABLE members ADD CONSTRAINT members_team_fk FOREIGN KEY (team) REFERENCES teams (id)");
            // VALIDATE ran in a transaction of its own: it is committed, and this transaction is a new one.
            assertThat(Sessions.queryLong(c, "SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'members_team_fk'"
                    + " AND convalidated")).isEqualTo(1);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('after')");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE members ADD CONSTRAINT members_team_fk FOREIGN KEY (team) REFERENCES teams (id) NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_team_fk\"");
        assertThat(validated("members", "members_team_fk")).as("survives the caller's rollback").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'before'")).as("committed early").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'after'")).as("rolled back").isZero();
    }

    @Test
    void keepPolicyRunsTheOriginalInsideTheTransaction() throws SQLException {
        try (Connection c = safe("safemigrate.transactionPolicy=keep"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > 0)");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly("ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > 0)");
        assertThat(probe.lockTimeouts()).as("the first attempt's lock timeout").containsExactly("50ms");
        assertThat(constraintCount("members")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).isZero();
    }

    @Test
    void failPolicyRefuses() throws SQLException {
        try (Connection c = safe("safemigrate.transactionPolicy=fail"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            assertThatThrownBy(() -> st.execute("ALTER TABLE members ADD FOREIGN KEY (team) REFERENCES teams (id)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("ALTER TABLE members ADD FOREIGN KEY (team) REFERENCES teams (id)")
                    .hasMessageContaining("outside a transaction")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            c.rollback();
        }
        assertThat(probe.statements()).isEmpty();
        assertThat(constraintCount("members")).isZero();
    }

    @Test
    void exemptTablesKeepTheirStatementAtomic() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('x')");
            st.execute("ALTER TABLE tiny ADD CONSTRAINT tiny_team_fk FOREIGN KEY (team) REFERENCES teams (id)");
            st.execute("ALTER TABLE tiny ALTER COLUMN v SET NOT NULL");
            st.execute("CREATE TABLE history (id int, team int)");
            st.execute("ALTER TABLE history ADD CHECK (id > 0)");
            st.execute("CREATE TEMP TABLE scratch AS SELECT g AS id FROM generate_series(1, 5000) g");
            st.execute("ALTER TABLE scratch ADD CHECK (id > 0)");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE tiny ADD CONSTRAINT tiny_team_fk FOREIGN KEY (team) REFERENCES teams (id)",
                "ALTER TABLE tiny ALTER COLUMN v SET NOT NULL",
                "CREATE TABLE history (id int, team int)", "ALTER TABLE history ADD CHECK (id > 0)",
                "CREATE TEMP TABLE scratch AS SELECT g AS id FROM generate_series(1, 5000) g",
                "ALTER TABLE scratch ADD CHECK (id > 0)");
        assertThat(constraintCount("tiny")).as("only the primary key: all rolled back").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("nothing was committed early").isZero();
    }

    @Test
    void shapesTheDriverDoesNotFullyUnderstandAreLeftAsWritten() throws SQLException {
        String[] statements = {
                "ALTER TABLE members ADD CONSTRAINT a CHECK (score > 0), ADD CONSTRAINT b CHECK (id > 0)",
                "ALTER TABLE ONLY members ADD CONSTRAINT c CHECK (score > 0)",
                "ALTER TABLE members ADD CONSTRAINT d FOREIGN KEY (team) REFERENCES teams (id) DEFERRABLE",
                "ALTER TABLE members ADD CONSTRAINT e FOREIGN KEY (team) REFERENCES teams (id) NOT VALID",
                "ALTER TABLE members ADD CONSTRAINT f CHECK (score > 0) NO INHERIT",
        };
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
        assertThat(probe.statements()).containsExactly(statements);
        assertThat(validated("members", "e")).as("the user's own NOT VALID is kept").isZero();
    }

    @Test
    void aFailedValidationReportsTheViolationKeepsTheNotValidConstraintAndAReRunOnlyValidates() throws SQLException {
        db.execute("UPDATE members SET team = 999 WHERE id = 42");
        String migration = "ALTER TABLE members ADD CONSTRAINT members_team_fk FOREIGN KEY (team) REFERENCES teams (id)";
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(migration))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("violates foreign key constraint \"members_team_fk\"")
                    .hasMessageContaining("added NOT VALID and stays")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
        }
        assertThat(validated("members", "members_team_fk")).isZero();
        // new rows are already checked
        assertThatThrownBy(() -> db.execute("INSERT INTO members VALUES (6000, 999, 1, 'x')"))
                .hasMessageContaining("members_team_fk");

        db.execute("UPDATE members SET team = 1 WHERE id = 42");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute(migration); // the re-run continues: only VALIDATE
            st.execute(migration); // and once more: nothing to do
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_team_fk\"");
        assertThat(validated("members", "members_team_fk")).isEqualTo(1);
        assertThat(constraintCount("members")).isEqualTo(1);
    }

    @Test
    void anUnnamedCheckReRunFindsItsNotValidConstraint() throws SQLException {
        db.execute("UPDATE members SET score = -1 WHERE id = 7");
        String migration = "ALTER TABLE members ADD CHECK (score > 0)";
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(migration))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("check constraint \"members_score_check\"")
                    .hasMessageContaining("violated")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        }
        assertThat(validated("members", "members_score_check")).isZero();
        db.execute("UPDATE members SET score = 7 WHERE id = 7");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute(migration);
            st.execute(migration);
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"members_score_check\"");
        assertThat(validated("members", "members_score_check")).isEqualTo(1);
        assertThat(constraintCount("members")).as("no twin members_score_check1").isEqualTo(1);
    }

    @Test
    void aConstraintOfTheSameNameWithAnotherDefinitionIsReportedAsPostgreSqlWould() throws SQLException {
        db.execute("ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > -100)");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("ALTER TABLE members ADD CONSTRAINT score_positive CHECK (score > 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = 'score_positive'"
                + " AND pg_get_constraintdef(oid) LIKE '%-100%'")).isEqualTo(1);
    }

    // ---- SET NOT NULL ----

    @Test
    void setNotNullGoesThroughAValidatedHelperCheck() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ALTER COLUMN email SET NOT NULL");
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE " + q + "\"members\" ADD CONSTRAINT \"sm_nn_email\" CHECK (\"email\" IS NOT NULL) NOT VALID",
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"sm_nn_email\"",
                "ALTER TABLE members ALTER COLUMN email SET NOT NULL",
                "ALTER TABLE " + q + "\"members\" DROP CONSTRAINT \"sm_nn_email\"");
        assertThat(notNull("members", "email")).isTrue();
        assertThat(constraintCount("members")).as("helper dropped").isZero();
    }

    @Test
    void setNotNullInATransactionSplitsAndKeepRunsItAsWritten() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("ALTER TABLE members ALTER score SET NOT NULL");
            st.executeUpdate("INSERT INTO audit (what) VALUES ('after')");
            c.rollback();
        }
        assertThat(notNull("members", "score")).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("only the early commit").isEqualTo(1);
        probe.clear();
        try (Connection c = safe("safemigrate.transactionPolicy=keep"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("ALTER TABLE members ALTER team SET NOT NULL");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly("ALTER TABLE members ALTER team SET NOT NULL");
        assertThat(notNull("members", "team")).isFalse();
    }

    @Test
    void setNotNullWithNullsFailsKeepsTheHelperAndAReRunConverges() throws SQLException {
        db.execute("UPDATE members SET email = NULL WHERE id = 5");
        String migration = "ALTER TABLE members ALTER COLUMN email SET NOT NULL";
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(migration))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("sm_nn_email")
                    .hasMessageContaining("has NULLs")
                    // SET NOT NULL's own SQLSTATE (not_null_violation), not the helper check's 23514 (DifferentialTest)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
        }
        assertThat(notNull("members", "email")).isFalse();
        assertThat(validated("members", "sm_nn_email")).isZero();
        db.execute("UPDATE members SET email = 'm5@example.com' WHERE id = 5");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute(migration);
            st.execute(migration); // already NOT NULL, no helper: nothing
        }
        assertThat(probe.statements()).containsExactly(
                "ALTER TABLE " + q + "\"members\" VALIDATE CONSTRAINT \"sm_nn_email\"",
                migration,
                "ALTER TABLE " + q + "\"members\" DROP CONSTRAINT \"sm_nn_email\"");
        assertThat(notNull("members", "email")).isTrue();
        assertThat(constraintCount("members")).isZero();
    }

    @Test
    void aHelperLeftAfterSetNotNullIsDroppedOnReRun() throws SQLException {
        // a previous run set the column NOT NULL, then could not get the lock to drop its helper
        db.execute("ALTER TABLE members ADD CONSTRAINT sm_nn_score CHECK (score IS NOT NULL)",
                "ALTER TABLE members ALTER score SET NOT NULL");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ALTER score SET NOT NULL");
        }
        assertThat(probe.statements()).containsExactly("ALTER TABLE " + q + "\"members\" DROP CONSTRAINT \"sm_nn_score\"");
        assertThat(constraintCount("members")).isZero();
    }

    // ---- UNIQUE and PRIMARY KEY: index built concurrently, then attached ----

    private boolean indexExists(String name) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + db.schema() + "." + name + "')") == 1;
    }

    private long constraintsOfType(String table, String type) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass('" + db.schema() + "."
                + table + "') AND contype = '" + type + "'");
    }

    @Test
    void uniqueConstraintsAreBuiltConcurrentlyThenAttached() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ADD CONSTRAINT members_email_uq UNIQUE (email)");
            st.execute("ALTER TABLE members ADD UNIQUE (id, team)");
        }
        assertThat(probe.statements()).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY \"members_email_uq\" ON " + q + "\"members\" (email)",
                "ALTER TABLE " + q + "\"members\" ADD CONSTRAINT \"members_email_uq\" UNIQUE USING INDEX \"members_email_uq\"",
                "CREATE UNIQUE INDEX CONCURRENTLY \"members_id_team_key\" ON " + q + "\"members\" (id, team)",
                "ALTER TABLE " + q + "\"members\" ADD CONSTRAINT \"members_id_team_key\" UNIQUE USING INDEX \"members_id_team_key\"");
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype = 'u' AND conname IN"
                + " ('members_email_uq', 'members_id_team_key') AND conrelid = to_regclass('" + db.schema() + ".members')"))
                .isEqualTo(2);
        assertThatThrownBy(() -> db.execute("INSERT INTO members VALUES (1, 2, 3, 'm1@example.com')"))
                .hasMessageContaining("members_email_uq");
    }

    @Test
    void primaryKeyOnNotNullColumnsIsAttachedAndOnNullableColumnsLeftAsWritten() throws SQLException {
        db.execute("ALTER TABLE members ALTER id SET NOT NULL");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ADD PRIMARY KEY (id)");
        }
        assertThat(probe.statements()).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY \"members_pkey\" ON " + q + "\"members\" (id)",
                "ALTER TABLE " + q + "\"members\" ADD CONSTRAINT \"members_pkey\" PRIMARY KEY USING INDEX \"members_pkey\"");
        assertThat(validated("members", "members_pkey")).isEqualTo(1);
        assertThat(constraintsOfType("members", "p")).isEqualTo(1);

        db.execute("CREATE TABLE others AS SELECT g AS id FROM generate_series(1, 5000) g", "ANALYZE others");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE others ADD CONSTRAINT others_pk PRIMARY KEY (id)");
        }
        assertThat(probe.statements()).as("a nullable key column: PostgreSQL would scan anyway")
                .containsExactly("ALTER TABLE others ADD CONSTRAINT others_pk PRIMARY KEY (id)");
        db.execute("DROP TABLE others");
    }

    @Test
    void aFailedUniqueBuildLeavesNothingAndAReRunConverges() throws SQLException {
        db.execute("UPDATE members SET email = 'dup@example.com' WHERE id IN (10, 20)");
        String migration = "ALTER TABLE members ADD UNIQUE (email)";
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(migration))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("dup@example.com")
                    .hasMessageContaining("dropped the INVALID index")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
        assertThat(indexExists("members_email_key")).isFalse();
        assertThat(constraintCount("members")).isZero();
        db.execute("UPDATE members SET email = 'm20@example.com' WHERE id = 20");
        // a previous run built the index, then could not attach it
        db.execute("CREATE UNIQUE INDEX members_email_key ON members (email)");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute(migration);
            st.execute(migration); // the constraint exists: nothing to do
        }
        assertThat(probe.statements()).containsExactly("ALTER TABLE " + q + "\"members\" ADD CONSTRAINT"
                + " \"members_email_key\" UNIQUE USING INDEX \"members_email_key\"");
        assertThat(constraintsOfType("members", "u")).as("no twin members_email_key1").isEqualTo(1);
    }

    @Test
    void anInvalidIndexLeftByAFailedBuildIsDroppedAndRebuilt() throws SQLException {
        db.execute("UPDATE members SET email = 'dup@example.com' WHERE id IN (10, 20)");
        try (Connection bare = db.openBare(); Statement st = bare.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE UNIQUE INDEX CONCURRENTLY members_email_uq ON members (email)"))
                    .isInstanceOf(SQLException.class);
        }
        db.execute("UPDATE members SET email = 'm20@example.com' WHERE id = 20");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("ALTER TABLE members ADD CONSTRAINT members_email_uq UNIQUE (email)");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS " + q + "\"members_email_uq\"",
                "CREATE UNIQUE INDEX CONCURRENTLY \"members_email_uq\" ON " + q + "\"members\" (email)",
                "ALTER TABLE " + q + "\"members\" ADD CONSTRAINT \"members_email_uq\" UNIQUE USING INDEX \"members_email_uq\"");
        assertThat(constraintsOfType("members", "u")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("split: committed early").isEqualTo(1);
    }

    @Test
    void anUnnamedUniqueWhoseDefaultNameIsTakenIsLeftAsWritten() throws SQLException {
        db.execute("CREATE SEQUENCE members_email_key");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE members ADD UNIQUE (email)");
        }
        assertThat(probe.statements()).containsExactly("ALTER TABLE members ADD UNIQUE (email)");
        assertThat(validated("members", "members_email_key1")).as("PostgreSQL's own choice").isEqualTo(1);
        db.execute("DROP SEQUENCE members_email_key");
    }

    // ---- what a concurrent writer feels ----

    /**
     * A writer updating the table keeps going while the driver's statement runs, stalled at most the
     * lock timeout; through the bare driver the same statement stalls it for the whole scan. The scan of
     * 1M narrow rows is fast on a warm cache (tens of ms), so both sessions turn off hash and merge joins:
     * PostgreSQL then checks the foreign key row by row through the parent's index, as it would on a
     * table too big for memory.
     */
    @Test
    void aWriterIsNotStalledByTheForeignKeyValidationButIsByTheBareStatement() throws Exception {
        bigTable();
        String options = "options=-c%20enable_hashjoin%3Doff%20-c%20enable_mergejoin%3Doff";
        String add = "ALTER TABLE big ADD CONSTRAINT big_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id)";
        long bareStall;
        long bareMillis;
        try (Writer writer = new Writer(db.openBare(), "UPDATE big SET n = n + 1 WHERE id = 1", 120);
             Connection bare = java.sql.DriverManager.getConnection(db.bareUrl() + "&" + options, db.user(), db.password());
             Statement st = bare.createStatement()) {
            Thread.sleep(200);
            writer.resetWorst();
            bareMillis = Sessions.millis(() -> st.execute(add));
            bareStall = writer.worstMillis();
            st.execute("ALTER TABLE big DROP CONSTRAINT big_parent_fk");
        }
        long safeStall;
        long writesDuring;
        try (Writer writer = new Writer(db.openBare(), "UPDATE big SET n = n + 1 WHERE id = 1", 120);
             Connection c = safe(options + "&safemigrate.lockTimeout=1s"); Statement st = c.createStatement()) {
            Thread.sleep(200);
            writer.resetWorst();
            long before = writer.writes();
            st.execute(add);
            writesDuring = writer.writes() - before;
            safeStall = writer.worstMillis();
        }
        System.out.printf("[safemigrate-it] ADD FOREIGN KEY on 1M rows: bare %d ms, writer stalled %d ms;"
                + " safemigrate: writer stalled at most %d ms, %d writes during the statement%n",
                bareMillis, bareStall, safeStall, writesDuring);
        assertThat(validated("big", "big_parent_fk")).isEqualTo(1);
        assertThat(bareMillis).as("the validation takes a measurable time").isGreaterThan(300);
        assertThat(bareStall).as("bare: the writer waits for the whole validation (%d ms)", bareMillis)
                .isGreaterThanOrEqualTo(bareMillis / 2);
        assertThat(safeStall).as("safemigrate: never beyond the lock timeout").isLessThan(1000)
                .isLessThan(bareStall);
        assertThat(writesDuring).as("the writer kept writing during the validation").isGreaterThan(50);
    }

    /**
     * The same for SET NOT NULL: its scan only tests one column per row, so the table has 2M rows to
     * make it measurable.
     */
    @Test
    void aWriterIsNotStalledBySetNotNullButIsByTheBareStatement() throws Exception {
        db.execute("CREATE TABLE big (id int PRIMARY KEY, parent_id int, n int, a text, b text)",
                "INSERT INTO big SELECT g, g % 1000 + 1, g, 'a' || g, 'b' || g FROM generate_series(1, 2000000) g",
                "ANALYZE big");
        long bareStall;
        long bareMillis;
        try (Writer writer = new Writer(db.openBare(), "UPDATE big SET a = a WHERE id = 1", 120);
             Connection bare = db.openBare(); Statement st = bare.createStatement()) {
            Thread.sleep(200);
            writer.resetWorst();
            bareMillis = Sessions.millis(() -> st.execute("ALTER TABLE big ALTER COLUMN n SET NOT NULL"));
            bareStall = writer.worstMillis();
            st.execute("ALTER TABLE big ALTER COLUMN n DROP NOT NULL");
        }
        long safeStall;
        try (Writer writer = new Writer(db.openBare(), "UPDATE big SET a = a WHERE id = 1", 120);
             Connection c = safe("safemigrate.lockTimeout=1s"); Statement st = c.createStatement()) {
            Thread.sleep(200);
            writer.resetWorst();
            st.execute("ALTER TABLE big ALTER COLUMN n SET NOT NULL");
            safeStall = writer.worstMillis();
        }
        System.out.printf("[safemigrate-it] SET NOT NULL on 2M rows: bare %d ms, writer stalled %d ms;"
                + " safemigrate: writer stalled at most %d ms%n", bareMillis, bareStall, safeStall);
        assertThat(notNull("big", "n")).isTrue();
        assertThat(constraintCount("big")).as("only the primary key").isEqualTo(1);
        assertThat(bareStall).as("bare: the writer waits for the whole scan (%d ms)", bareMillis)
                .isGreaterThanOrEqualTo(bareMillis / 2);
        assertThat(safeStall).as("safemigrate: never beyond the lock timeout").isLessThan(1000)
                .isLessThan(bareStall);
    }

    private void bigTable() throws SQLException {
        db.execute("CREATE TABLE parents (id int PRIMARY KEY)",
                "INSERT INTO parents SELECT g FROM generate_series(1, 1000) g",
                "CREATE TABLE big (id int PRIMARY KEY, parent_id int, n int)",
                "INSERT INTO big SELECT g, g % 1000 + 1, g FROM generate_series(1, 1000000) g",
                "ANALYZE big", "ANALYZE parents");
    }
}
