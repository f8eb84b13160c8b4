package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ALTER COLUMN … TYPE under {@code safemigrate.policy.alterColumnType} (refuse by default), through
 * {@link PolicyRules}: binary-compatible changes pass silently (the type table itself: {@link TypeChangeTest}).
 */
class AlterColumnTypeCheckTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .relation("parts", 'p', 0)
            .column("users", "n", "int4", -1, "integer", false)
            .column("users", "name", "varchar", 24, "character varying(20)", false)
            .column("users", "tags", new ColumnFacts(true, "_text", -1, "text[]", 100, 1, false))
            .column("users", "code", new ColumnFacts(true, "varchar", 24, "character varying(20)", 950, 0, false))
            .column("tiny", "n", "int4", -1, "integer", false)
            .column("parts", "n", "int4", -1, "integer", false);
    private final RuleHarness rule = RuleHarness.postgres(new PolicyRules(), context);

    @Test
    void aRewritingChangeIsRefusedByDefault() {
        assertThat(rule.refusal("ALTER TABLE users ALTER COLUMN n TYPE bigint").getMessage()).contains(
                "[alter-column-type] column n of table app.users (~1000000 rows), integer to bigint",
                "set safemigrate.policy.alterColumnType=warn");
    }

    @Test
    void whatIsFoundNamesTheOldAndTheNewTypeAsWritten() throws SQLException {
        assertThat(context.found(rule, "alter table users alter n set data type numeric(12, 2);"))
                .containsExactly("[alter-column-type] column n of table app.users (~1000000 rows), integer to numeric(12, 2)");
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN name TYPE varchar(30), ALTER COLUMN n TYPE text"
                + " USING n::text, ADD COLUMN x int")).containsExactly(
                "[alter-column-type] column n of table app.users (~1000000 rows), integer to text USING n::text");
        assertThat(context.found(rule, "ALTER TABLE parts ALTER COLUMN n TYPE bigint")).as("partitioned counts as big")
                .containsExactly("[alter-column-type] column n of table app.parts (~0 rows), integer to bigint");
    }

    @Test
    void whatWouldStillRewriteAlthoughTheTypeIsCompatible() throws SQLException {
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN name TYPE varchar(30) USING name"))
                .as("USING").hasSize(1);
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN name TYPE varchar(30) COLLATE \"C\""))
                .as("COLLATE").hasSize(1);
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN tags TYPE text[]")).as("an array").hasSize(1);
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN code TYPE varchar(30)"))
                .as("a column with a collation of its own").hasSize(1);
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN name TYPE my_domain"))
                .as("a type the driver does not know").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ALTER COLUMN name TYPE varchar(30)",      // in place
            "ALTER TABLE users ALTER COLUMN name TYPE text",
            "ALTER TABLE users ALTER COLUMN n TYPE int",
            "ALTER TABLE users ALTER COLUMN missing TYPE bigint",        // PostgreSQL reports it
            "ALTER TABLE tiny ALTER COLUMN n TYPE bigint",               // below rewrite.minRows
            "ALTER TABLE missing ALTER COLUMN n TYPE bigint",
            "ALTER TABLE users ALTER COLUMN n SET DEFAULT 0",
            "ALTER TABLE users ALTER COLUMN n SET STATISTICS 100",
    })
    void nothingFound(String sql) throws SQLException {
        assertThat(context.found(rule, sql)).isEmpty();
    }

    @Test
    void tablesNoOtherSessionSeesAreNotFound() throws SQLException {
        context.created.add("users");
        assertThat(context.found(rule, "ALTER TABLE users ALTER COLUMN n TYPE bigint")).isEmpty();
    }

    @Test
    void policyOnlineIsMySqlsTableCopyAndRefusedOnPostgres() throws SQLException {
        context.settings(java.util.Map.of("safemigrate.policy.alterColumnType", "online"));
        assertThat(rule.refusal("ALTER TABLE users ALTER COLUMN n TYPE bigint").getMessage()).contains(
                "[alter-column-type] column n of table app.users (~1000000 rows), integer to bigint",
                "(safemigrate.policy.alterColumnType=online is MySQL/MariaDB's online table copy; on PostgreSQL use"
                        + " expand.)");
        assertThat(rule.asWritten("ALTER TABLE users ALTER COLUMN name TYPE varchar(30)"))
                .as("a change that does not rewrite is not judged").isTrue();
    }
}
