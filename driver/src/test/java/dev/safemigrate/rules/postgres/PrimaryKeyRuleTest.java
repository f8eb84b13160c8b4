package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD PRIMARY KEY → the unique index built concurrently, then attached, only when every key column is NOT NULL. */
class PrimaryKeyRuleTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000).table("tiny", 10)
            .column("users", "id", "int8", -1, "bigint", true)
            .column("users", "org_id", "int8", -1, "bigint", true)
            .column("users", "email", "text", -1, "text", false)
            .column("tiny", "id", "int8", -1, "bigint", true);
    private final RuleHarness rule = RuleHarness.postgres(new PrimaryKeyRule(), context);

    @Test
    void notNullKeyColumnsGetTheIndexBuiltConcurrentlyThenAttached() throws SQLException {
        assertThat(rule.steps("ALTER TABLE users ADD PRIMARY KEY (org_id, id)")).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_pkey\" ON \"app\".\"users\" (org_id, id)",
                "ALTER TABLE \"app\".\"users\" ADD CONSTRAINT \"users_pkey\" PRIMARY KEY USING INDEX \"users_pkey\"");
        assertThat(rule.steps("ALTER TABLE users ADD CONSTRAINT users_pk PRIMARY KEY (id)")).containsExactly(
                "CREATE UNIQUE INDEX CONCURRENTLY \"users_pk\" ON \"app\".\"users\" (id)",
                "ALTER TABLE \"app\".\"users\" ADD CONSTRAINT \"users_pk\" PRIMARY KEY USING INDEX \"users_pk\"");
        assertThat(rule.plan("ALTER TABLE users ADD PRIMARY KEY (id)").summary())
                .contains("attaching it as the PRIMARY KEY constraint (brief lock)");
    }

    @Test
    void aNullableOrMissingKeyColumnLeavesTheStatementAsWritten() throws SQLException {
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY (id, email)")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY (missing)")).isTrue();
    }

    @Test
    void theSamePrimaryKeyIsANoOpAndAUniqueConstraintIsNotTheSame() throws SQLException {
        context.constraint("users", 'p', "users_pkey", true, "PRIMARY KEY (id)");
        assertThat(rule.steps("ALTER TABLE users ADD PRIMARY KEY (id)")).isEmpty();
        context.constraints.clear();
        context.constraint("users", 'u', "users_pkey", true, "UNIQUE (id)");
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY (id)")).isTrue();
    }

    /**
     * Found by the differential suite (DifferentialTest on PostgreSQL): on a table that has a primary key, a
     * second one built its unique index first and failed with 23505 on duplicate values, where PostgreSQL
     * refuses it at once with 42P16 ("multiple primary keys"). It is now sent as written.
     */
    @Test
    void aTableThatHasAPrimaryKeyGetsTheStatementAsWritten() throws SQLException {
        context.constraint("users", 'p', "users_pkey", true, "PRIMARY KEY (id)");
        assertThat(rule.asWritten("ALTER TABLE users ADD CONSTRAINT pk_2 PRIMARY KEY (org_id)")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY (org_id)")).isTrue();
    }

    @Test
    void leftAsWritten() throws SQLException {
        assertThat(rule.asWritten("ALTER TABLE tiny ADD PRIMARY KEY (id)")).as("small table").isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY (id) INCLUDE (email)")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD PRIMARY KEY USING INDEX users_id_idx")).isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD UNIQUE (id)")).as("the unique rule's").isTrue();
        assertThat(rule.asWritten("ALTER TABLE users ADD COLUMN n bigint PRIMARY KEY")).isTrue();
    }
}
