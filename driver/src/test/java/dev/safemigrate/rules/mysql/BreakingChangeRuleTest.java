package dev.safemigrate.rules.mysql;

import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RuleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input SQL → the operations found (shown by refusing them all), and statements where none is found. */
class BreakingChangeRuleTest {
    private final BreakingChangeRule rule = new BreakingChangeRule();

    private void run(String sql, Map<String, String> settings) throws SQLException {
        assertThat(RuleHarness.mysql(rule, FakeMySql.context("8.0.36", 1_000_000, settings)).asWritten(sql)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ALTER TABLE users RENAME COLUMN email TO mail                  | rename-column | column email of table `app`.`users` (~1000000 rows) renamed to mail
            ALTER TABLE users CHANGE email mail varchar(100) NOT NULL      | rename-column | renamed to mail (CHANGE)
            alter table `users` change column `email` `e_mail` text        | rename-column | renamed to `e_mail`
            ALTER TABLE users RENAME TO people                             | rename-table  | table `app`.`users` (~1000000 rows) renamed to people
            ALTER TABLE users RENAME AS app2.people                        | rename-table  | renamed to app2.people
            ALTER TABLE users RENAME people                                | rename-table  | renamed to people
            RENAME TABLE users TO people, orders TO purchases              | rename-table  | table `app`.`orders`
            ALTER TABLE users DROP COLUMN legacy                           | drop-column   | column legacy of table `app`.`users`
            ALTER TABLE users DROP legacy, ADD COLUMN x int                | drop-column   | column legacy
            ALTER TABLE users DROP COLUMN IF EXISTS legacy, ALGORITHM=INPLACE | drop-column | column legacy
            ALTER TABLE users DROP `index`                                 | drop-column   | column `index`
            DROP TABLE users                                               | drop-table    | table `app`.`users` (~1000000 rows)
            DROP TABLE IF EXISTS users, missing_t, orders CASCADE          | drop-table    | table `app`.`orders`
            ALTER TABLE users MODIFY nullable_c varchar(10) NOT NULL       | not-null-rebuild | column nullable_c of table `app`.`users` (~1000000 rows), nullable now
            ALTER TABLE users MODIFY COLUMN nullable_c int NOT NULL DEFAULT 0 COMMENT 'x' | not-null-rebuild | column nullable_c
            ALTER TABLE users CHANGE nullable_c nullable_c bigint NOT NULL | not-null-rebuild | column nullable_c
            ALTER TABLE users CHANGE nullable_c c2 int NOT NULL            | rename-column    | [not-null-rebuild]
            """)
    void foundAndRefusedUnderPolicyRefuse(String sql, String rule, String subject) {
        assertThatThrownBy(() -> run(sql, Map.of("safemigrate.policy.default", "refuse")))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("[" + rule + "]")
                .hasMessageContaining(subject)
                .hasMessageContaining("nothing was sent to the server")
                .satisfies(e -> assertThat(((PolicyViolationException) e).rule()).isEqualTo(rule));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users CHANGE email email varchar(200)",        // same name: a type change only
            "ALTER TABLE users CHANGE Email email varchar(200)",        // column names are case-insensitive
            "ALTER TABLE users RENAME INDEX a TO b",
            "ALTER TABLE users RENAME KEY a TO b",
            "ALTER TABLE users DROP INDEX idx",
            "ALTER TABLE users DROP KEY idx",
            "ALTER TABLE users DROP PRIMARY KEY",
            "ALTER TABLE users DROP FOREIGN KEY fk",
            "ALTER TABLE users DROP CONSTRAINT c",
            "ALTER TABLE users DROP CHECK c",
            "ALTER TABLE users DROP PARTITION p1",
            "ALTER TABLE users ALTER COLUMN a DROP DEFAULT",
            "ALTER TABLE users DROP COLUMN IF EXISTS missing_col",      // nothing to drop
            "ALTER TABLE missing_t DROP COLUMN a",                      // the server reports it
            "ALTER TABLE tmp_users DROP COLUMN a",                      // temporary
            "ALTER TABLE users ADD COLUMN a int",
            "DROP TEMPORARY TABLE users",
            "DROP TABLE IF EXISTS missing_t",
            "DROP TABLE v_users",
            "DROP VIEW v_users",
            "RENAME TABLE missing_t TO x",
            "RENAME USER a TO b",
            "TRUNCATE TABLE users",
            "ALTER TABLE users MODIFY c int NOT NULL",                  // already NOT NULL
            "ALTER TABLE users MODIFY nullable_c int NULL",
            "ALTER TABLE users MODIFY nullable_c int DEFAULT NULL",
            "ALTER TABLE users MODIFY nullable_c int CHECK (nullable_c IS NOT NULL)", // inside parentheses
            "ALTER TABLE users MODIFY missing_c int NOT NULL",
    })
    void nothingFound(String sql) throws SQLException {
        run(sql, Map.of("safemigrate.policy.default", "refuse"));
    }

    @Test
    void aSmallTableMayRebuildForNotNull() throws SQLException {
        assertThat(RuleHarness.mysql(rule, FakeMySql.context("8.0.36", 10, Map.of("safemigrate.policy.default", "refuse")))
                .asWritten("ALTER TABLE users MODIFY nullable_c int NOT NULL")).isTrue();
    }

    @Test
    void warnIsTheDefaultAndTheAllowCommentWorks() throws SQLException {
        run("ALTER TABLE users DROP COLUMN legacy", Map.of());
        run("ALTER TABLE users DROP COLUMN legacy -- safemigrate:allow drop-column", Map.of("safemigrate.policy.dropColumn",
                "refuse"));
        assertThatThrownBy(() -> run("ALTER TABLE users DROP COLUMN legacy", Map.of("safemigrate.policy.dropColumn",
                "refuse"))).isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("safemigrate.policy.dropColumn=warn");
    }
}
