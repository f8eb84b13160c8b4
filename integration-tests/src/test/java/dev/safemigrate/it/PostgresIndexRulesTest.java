package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.DdlProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The index rules on PostgreSQL: what reaches the server (recorded by an event trigger), the final
 * catalog state, transaction policies, exemptions, failed builds and re-runs.
 */
@RealDatabase(Engine.POSTGRESQL)
class PostgresIndexRulesTest {
    /** Small thresholds keep the tables small; the size exemption is tested with an even smaller table. */
    private static final String REWRITE = "safemigrate.rewrite.minRows=1000";

    private final TestDatabase db;
    private DdlProbe probe;

    PostgresIndexRulesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void tables() throws SQLException {
        db.execute("DROP TABLE IF EXISTS users, tiny, audit CASCADE",
                "CREATE TABLE users (id int PRIMARY KEY, email text, team int)",
                "INSERT INTO users SELECT g, 'u' || g || '@example.com', g % 10 FROM generate_series(1, 5000) g",
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

    private boolean indexIsValid(String name) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('" + db.schema() + "." + name
                + "') AND indisvalid") == 1;
    }

    private boolean indexExists(String name) throws SQLException {
        return db.queryLong("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + db.schema() + "." + name + "')") == 1;
    }

    @Test
    void createIndexBecomesConcurrentInAutocommit() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThat(st.execute("CREATE INDEX users_email_idx ON users (email)")).isFalse();
            // What pgjdbc reports for a CREATE INDEX it ran itself: count 0, then no more results.
            assertThat(st.getUpdateCount()).isZero();
            assertThat(st.getMoreResults()).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(-1);
        }
        assertThat(probe.statements()).containsExactly("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)");
        assertThat(indexIsValid("users_email_idx")).isTrue();
    }

    @Test
    void uniqueIndexWithOptionsKeepsEverythingButGainsConcurrently() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("create unique index if not exists users_email_uq on public_placeholder"
                    .replace("public_placeholder", db.schema() + ".users") + " using btree (lower(email)) where team > 2"))
                    .isZero();
        }
        assertThat(probe.statements()).containsExactly("create unique index CONCURRENTLY if not exists users_email_uq on "
                + db.schema() + ".users using btree (lower(email)) where team > 2");
        assertThat(indexIsValid("users_email_uq")).isTrue();
    }

    @Test
    void splitPolicyCommitsTheWorkBeforeRunsTheBuildOutsideAndResumesTheTransaction() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("CREATE INDEX users_team_idx ON users (team)");
            st.executeUpdate("INSERT INTO audit (what) VALUES ('after')");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly("CREATE INDEX CONCURRENTLY users_team_idx ON users (team)");
        assertThat(indexIsValid("users_team_idx")).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'before'")).as("committed early").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audit WHERE what = 'after'")).as("rolled back").isZero();
    }

    @Test
    void keepPolicyRunsTheOriginalInsideTheTransaction() throws SQLException {
        try (Connection c = safe("safemigrate.transactionPolicy=keep"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            st.execute("CREATE INDEX users_team_idx ON users (team)");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly("CREATE INDEX users_team_idx ON users (team)");
        assertThat(probe.lockTimeouts()).as("the original still runs under the (first attempt's) lock timeout")
                .containsExactly("50ms");
        assertThat(indexExists("users_team_idx")).isFalse();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).isZero();
    }

    @Test
    void failPolicyRefusesWithTheWayOut() throws SQLException {
        try (Connection c = safe("safemigrate.transactionPolicy=fail"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('before')");
            assertThatThrownBy(() -> st.execute("CREATE INDEX users_team_idx ON users (team)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("CREATE INDEX users_team_idx ON users (team)")
                    .hasMessageContaining("outside a transaction")
                    .hasMessageContaining("safemigrate.transactionPolicy")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            c.rollback();
        }
        assertThat(probe.statements()).isEmpty();
        assertThat(indexExists("users_team_idx")).isFalse();
    }

    @Test
    void smallTablesAndTablesCreatedInTheTransactionKeepTheirIndexAtomic() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO audit (what) VALUES ('x')");
            st.execute("CREATE INDEX tiny_v_idx ON tiny (v)");
            st.execute("CREATE TABLE history (id int, at timestamptz)");
            st.execute("CREATE INDEX history_at_idx ON history (at)");
            c.rollback();
        }
        assertThat(probe.statements()).containsExactly("CREATE INDEX tiny_v_idx ON tiny (v)",
                "CREATE TABLE history (id int, at timestamptz)", "CREATE INDEX history_at_idx ON history (at)");
        assertThat(indexExists("tiny_v_idx")).isFalse();
        assertThat(db.queryLong("SELECT count(*) FROM audit")).as("nothing was committed early").isZero();
    }

    @Test
    void aFailedUniqueBuildLeavesNoInvalidIndexAndReportsTheDuplicate() throws SQLException {
        db.execute("UPDATE users SET email = 'dup@example.com' WHERE id IN (10, 20)");
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE UNIQUE INDEX users_email_uq ON users (email)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("dup@example.com")
                    .hasMessageContaining("dropped the INVALID index")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
        assertThat(indexExists("users_email_uq")).as("no INVALID index left behind").isFalse();
    }

    @Test
    void reRunsConverge() throws SQLException {
        // A previous run's concurrent build failed and left an INVALID index (the bare driver leaves it).
        db.execute("UPDATE users SET email = 'dup@example.com' WHERE id IN (10, 20)");
        try (Connection bare = db.openBare(); Statement st = bare.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE UNIQUE INDEX CONCURRENTLY users_email_uq ON users (email)"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(indexExists("users_email_uq")).isTrue();
        assertThat(indexIsValid("users_email_uq")).isFalse();
        db.execute("UPDATE users SET email = 'u20@example.com' WHERE id = 20");
        probe.clear();
        String migration = "CREATE UNIQUE INDEX users_email_uq ON users (email)";
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute(migration);
            assertThat(indexIsValid("users_email_uq")).isTrue();
            st.execute(migration); // the same migration again: a no-op, not an error
        }
        assertThat(probe.statements()).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS \"" + db.schema() + "\".\"users_email_uq\"",
                "CREATE UNIQUE INDEX CONCURRENTLY users_email_uq ON users (email)");
    }

    @Test
    void aDifferentIndexOfTheSameNameIsReportedAsPostgreSqlWould() throws SQLException {
        db.execute("CREATE INDEX users_idx ON users (team)");
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE INDEX users_idx ON users (email)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_idx' AND indexdef LIKE '%(team)'"))
                .isEqualTo(1);
    }

    @Test
    void dropIndexBecomesOneConcurrentDropPerIndex() throws SQLException {
        db.execute("CREATE INDEX users_a ON users (email)", "CREATE INDEX users_b ON users (team)");
        probe.clear();
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("DROP INDEX users_a, users_b");
            st.execute("DROP INDEX IF EXISTS users_a");
        }
        String q = "\"" + db.schema() + "\".";
        assertThat(probe.statements()).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS " + q + "\"users_a\"",
                "DROP INDEX CONCURRENTLY IF EXISTS " + q + "\"users_b\"");
        assertThat(indexExists("users_a")).isFalse();
        assertThat(indexExists("users_b")).isFalse();
    }

    @Test
    void dropIndexOfAMissingIndexFailsAsPostgreSqlWould() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DROP INDEX no_such_index")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void reindexBecomesConcurrent() throws SQLException {
        // No event trigger fires for REINDEX before PostgreSQL 17. The catalog tells instead: REINDEX
        // CONCURRENTLY builds a new index and swaps it in (a new OID); a plain REINDEX keeps the OID.
        db.execute("CREATE INDEX users_email_idx ON users (email)");
        String oid = "SELECT to_regclass('" + db.schema() + ".users_email_idx')::oid";
        String pkOid = "SELECT to_regclass('" + db.schema() + ".users_pkey')::oid";
        long before = db.queryLong(oid);
        long pkBefore = db.queryLong(pkOid);
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("REINDEX INDEX users_email_idx");
            long afterIndex = db.queryLong(oid);
            assertThat(afterIndex).isNotEqualTo(before);
            st.execute("REINDEX TABLE users");
            assertThat(db.queryLong(oid)).isNotEqualTo(afterIndex);
            assertThat(db.queryLong(pkOid)).isNotEqualTo(pkBefore);
        }
        try (Connection c = safe("safemigrate.rewrite=false"); Statement st = c.createStatement()) {
            long current = db.queryLong(oid);
            st.execute("REINDEX INDEX users_email_idx");
            assertThat(db.queryLong(oid)).as("plain REINDEX keeps the index").isEqualTo(current);
        }
        assertThat(indexIsValid("users_email_idx")).isTrue();
    }

    @Test
    void aMultiStatementStringAndRewriteOffAreLeftAsWritten() throws SQLException {
        try (Connection c = safe(""); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX users_a ON users (email); CREATE INDEX users_b ON users (team)");
        }
        try (Connection c = safe("safemigrate.rewrite=false"); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX users_c ON users (email)");
        }
        // pgjdbc sends the two statements of the string separately, each exactly as written
        assertThat(probe.statements()).containsExactly("CREATE INDEX users_a ON users (email)",
                "CREATE INDEX users_b ON users (team)", "CREATE INDEX users_c ON users (email)");
    }
}
