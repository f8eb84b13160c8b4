package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL rules as the driver asks them, in order: the decisions that depend on that order. */
class PostgresRuleOrderTest {
    private final FakeContext context = new FakeContext().table("users", 1_000_000)
            .constraint("users", 'p', "users_pkey", true, "PRIMARY KEY (id)")
            .function("gen_random_uuid", 'v');
    private final RuleHarness rules = RuleHarness.postgres(new PostgresSupport().rules(), context);

    @Test
    void theVolatileDefaultBackfillComesBeforeThePolicyThatWouldRefuseIt() throws SQLException {
        assertThat(rules.plan("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()").rule().name())
                .isEqualTo("volatile-default-backfill");
        assertThat(rules.refusal("ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()").rule())
                .as("not the plain shape: the policy").isEqualTo("volatile-default");
    }

    @Test
    void aWarnedStatementRunsAsWrittenAndEachFamilyGetsItsRewrite() throws SQLException {
        assertThat(rules.asWritten("ALTER TABLE users RENAME COLUMN email TO mail")).isTrue();
        assertThat(rules.plan("CREATE INDEX users_email_idx ON users (email)").rule().name()).isEqualTo("create-index");
        assertThat(rules.plan("ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0)").rule().name()).isEqualTo("add-check");
    }
}
