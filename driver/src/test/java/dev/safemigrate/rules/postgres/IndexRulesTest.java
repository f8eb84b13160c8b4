package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class IndexRulesTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10);

    private RewritePlan plan(Rule rule, String sql) throws SQLException {
        return RuleHarness.postgres(rule, context).plan(sql);
    }

    // ---- CREATE INDEX ---------------------------------------------------------------------------

    @Test
    void createIndexGainsConcurrentlyAndACleanupOfAFailedBuild() throws SQLException {
        RewritePlan plan = plan(new CreateIndexRule(), "CREATE INDEX users_email_idx ON users (email);");
        assertThat(plan.steps()).extracting(Step::sql)
                .containsExactly("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
        Step step = plan.steps().get(0);
        assertThat(step.kind()).isEqualTo(StepKind.CONCURRENT);
        assertThat(step.cleanup().action()).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"users_email_idx\"");
        assertThat(step.cleanup().argument()).isEqualTo("\"app\".\"users_email_idx\"");
        assertThat(plan.needsAutocommit()).isTrue();
    }

    @Test
    void everythingElseInTheStatementIsKeptByteForByte() throws SQLException {
        String sql = "create /* c */ unique index if not exists \"Users_Idx\" on public.users using gin (lower(email)) "
                + "include (id) with (fillfactor = 70) where deleted_at is null";
        RewritePlan plan = plan(new CreateIndexRule(), sql);
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "create /* c */ unique index CONCURRENTLY if not exists \"Users_Idx\" on public.users using gin (lower(email)) "
                        + "include (id) with (fillfactor = 70) where deleted_at is null");
        assertThat(plan.steps().get(0).cleanup().argument()).isEqualTo("\"app\".\"Users_Idx\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX ON users (email)",                          // unnamed: cannot be checked or cleaned up
            "CREATE INDEX users_idx ON ONLY users (email)",           // partitioned semantics
            "CREATE INDEX CONCURRENTLY users_idx ON users (email)",   // already safe
            "CREATE INDEX tiny_idx ON tiny (v)",                      // small table
            "CREATE INDEX missing_idx ON no_such_table (v)",          // PostgreSQL reports it
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(plan(new CreateIndexRule(), sql)).isNull();
    }

    @Test
    void tablesCreatedInTheTransactionAndTemporaryTablesKeepTheirIndex() throws SQLException {
        context.created.add("users");
        assertThat(plan(new CreateIndexRule(), "CREATE INDEX users_idx ON users (email)")).isNull();
        context.created.clear();
        context.tables.put("scratch", new dev.safemigrate.dialect.Catalog.TableFacts(true, "pg_temp_3", "scratch", 'r',
                true, 1_000_000));
        assertThat(plan(new CreateIndexRule(), "CREATE INDEX scratch_idx ON scratch (v)")).isNull();
        context.tables.put("parts", new dev.safemigrate.dialect.Catalog.TableFacts(true, "app", "parts", 'p', false,
                1_000_000));
        assertThat(plan(new CreateIndexRule(), "CREATE INDEX parts_idx ON parts (v)")).isNull();
    }

    @Test
    void anInvalidLeftoverIsDroppedFirst() throws SQLException {
        context.index("\"app\".\"users_idx\"", false, "users", "CREATE INDEX users_idx ON app.users USING btree (email)", 1_000_000);
        RewritePlan plan = plan(new CreateIndexRule(), "CREATE INDEX users_idx ON users (email)");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"users_idx\"",
                "CREATE INDEX CONCURRENTLY users_idx ON users (email)");
    }

    @Test
    void theSameValidIndexIsANoOp() throws SQLException {
        context.index("\"app\".\"users_idx\"", true, "users", "CREATE INDEX users_idx ON app.users USING btree (email)", 1_000_000);
        assertThat(plan(new CreateIndexRule(), "CREATE INDEX users_idx ON users (email)").isNoOp()).isTrue();
        assertThat(plan(new CreateIndexRule(), "CREATE INDEX users_idx ON users USING btree (\"email\");").isNoOp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX users_idx ON users (name)",              // another column
            "CREATE INDEX users_idx ON users (\"Email\")",           // a quoted, different column
            "CREATE UNIQUE INDEX users_idx ON users (email)",      // uniqueness differs
            "CREATE INDEX users_idx ON users USING hash (email)",  // method differs
            "CREATE INDEX users_idx ON users (email) WHERE active" // predicate differs
    })
    void aDifferentIndexOfTheSameNameIsNotANoOp(String sql) throws SQLException {
        context.index("\"app\".\"users_idx\"", true, "users", "CREATE INDEX users_idx ON app.users USING btree (email)", 1_000_000);
        RewritePlan plan = plan(new CreateIndexRule(), sql);
        assertThat(plan.isNoOp()).isFalse();
        assertThat(plan.steps()).hasSize(1); // PostgreSQL reports the clash as it would
    }

    // ---- DROP INDEX -----------------------------------------------------------------------------

    @Test
    void dropIndexBecomesOneConcurrentDropPerIndex() throws SQLException {
        context.index("a_idx", true, "users", "CREATE INDEX a_idx ON app.users USING btree (a)", 1_000_000);
        context.index("app.b_idx", true, "users", "CREATE INDEX b_idx ON app.users USING btree (b)", 1_000_000);
        RewritePlan plan = plan(new DropIndexRule(), "DROP INDEX a_idx, app.b_idx RESTRICT");
        assertThat(plan.steps()).extracting(Step::sql).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"a_idx\" RESTRICT",
                "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"b_idx\" RESTRICT");
    }

    @Test
    void dropIndexLeftAsWrittenWhenPostgreSqlMustDecide() throws SQLException {
        context.index("a_idx", true, "users", "CREATE INDEX a_idx ON app.users USING btree (a)", 1_000_000);
        context.index("small_idx", true, "tiny", "CREATE INDEX small_idx ON app.tiny USING btree (v)", 10);
        assertThat(plan(new DropIndexRule(), "DROP INDEX a_idx CASCADE")).isNull();
        assertThat(plan(new DropIndexRule(), "DROP INDEX missing_idx")).isNull();
        assertThat(plan(new DropIndexRule(), "DROP INDEX small_idx")).isNull();
        assertThat(plan(new DropIndexRule(), "DROP INDEX CONCURRENTLY a_idx")).isNull();
        assertThat(plan(new DropIndexRule(), "DROP INDEX IF EXISTS missing_idx").isNoOp()).isTrue();
    }

    // ---- REINDEX --------------------------------------------------------------------------------

    @Test
    void reindexGainsConcurrentlyOnTwelveAndLater() throws SQLException {
        context.index("a_idx", true, "users", "CREATE INDEX a_idx ON app.users USING btree (a)", 1_000_000);
        assertThat(plan(new ReindexRule(), "REINDEX (VERBOSE) INDEX a_idx").steps()).extracting(Step::sql)
                .containsExactly("REINDEX (VERBOSE) INDEX CONCURRENTLY a_idx");
        assertThat(plan(new ReindexRule(), "REINDEX TABLE users").steps()).extracting(Step::sql)
                .containsExactly("REINDEX TABLE CONCURRENTLY users");
        assertThat(plan(new ReindexRule(), "REINDEX SCHEMA app")).isNull();
        assertThat(plan(new ReindexRule(), "REINDEX TABLE tiny")).isNull();
        context.version = 11;
        assertThat(plan(new ReindexRule(), "REINDEX TABLE users")).isNull();
    }
}
