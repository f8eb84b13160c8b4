package dev.safemigrate.rules.mysql;

import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input SQL → the forms sent, in order; and statements that must run exactly as written. */
class OnlineDdlRuleTest {
    private static final SQLException NOT_SUPPORTED = new SQLException(
            "ALGORITHM=INPLACE is not supported. Reason: Cannot change column type. Try ALGORITHM=COPY", "0A000", 1846);

    private final OnlineDdlRule rule = new OnlineDdlRule();

    private static RuleContext context(String version, long rows, Map<String, String> settings) throws SQLException {
        return FakeMySql.context(version, rows, settings);
    }

    private List<String> forms(String version, String sql) throws SQLException {
        RewritePlan plan = RuleHarness.mysql(rule, context(version, 1_000_000, Map.of())).plan(sql);
        if (plan == null) {
            return null;
        }
        assertThat(plan.steps()).hasSize(1);
        Step step = plan.steps().get(0);
        assertThat(step.kind()).isEqualTo(StepKind.ONLINE);
        assertThat(plan.needsAutocommit()).isFalse();
        List<String> forms = new ArrayList<>();
        forms.add(step.sql());
        forms.addAll(step.online().weaker());
        return forms;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.11.19-MariaDB-0+deb12u1 | ALTER TABLE users ADD COLUMN note varchar(100)  | ALTER TABLE users ADD COLUMN note varchar(100), ALGORITHM=INSTANT | ALTER TABLE users ADD COLUMN note varchar(100), ALGORITHM=INPLACE, LOCK=NONE
            8.0.36                     | alter table `users` drop column legacy;          | alter table `users` drop column legacy, ALGORITHM=INSTANT;         | alter table `users` drop column legacy, ALGORITHM=INPLACE, LOCK=NONE;
            8.4.3                      | ALTER TABLE app.users MODIFY name varchar(200) NOT NULL | ALTER TABLE app.users MODIFY name varchar(200) NOT NULL, ALGORITHM=INSTANT | ALTER TABLE app.users MODIFY name varchar(200) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE
            9.1.0                      | ALTER TABLE users RENAME COLUMN a TO b, ALTER COLUMN c SET DEFAULT 1 | ALTER TABLE users RENAME COLUMN a TO b, ALTER COLUMN c SET DEFAULT 1, ALGORITHM=INSTANT | ALTER TABLE users RENAME COLUMN a TO b, ALTER COLUMN c SET DEFAULT 1, ALGORITHM=INPLACE, LOCK=NONE
            11.4.2-MariaDB             | ALTER TABLE IF EXISTS users ADD COLUMN (x int, y int) /* tail */ | ALTER TABLE IF EXISTS users ADD COLUMN (x int, y int), ALGORITHM=INSTANT /* tail */ | ALTER TABLE IF EXISTS users ADD COLUMN (x int, y int), ALGORITHM=INPLACE, LOCK=NONE /* tail */
            """)
    void alterTableTriesInstantThenInplace(String version, String sql, String instant, String inplace) throws SQLException {
        assertThat(forms(version, sql)).containsExactly(instant, inplace);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.11.19-MariaDB | ALTER TABLE users ADD INDEX idx_email (email)         | ALTER TABLE users ADD INDEX idx_email (email), ALGORITHM=INPLACE, LOCK=NONE
            8.0.36           | ALTER TABLE users ADD COLUMN a int, ADD UNIQUE (a)     | ALTER TABLE users ADD COLUMN a int, ADD UNIQUE (a), ALGORITHM=INPLACE, LOCK=NONE
            8.0.36           | ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (t) REFERENCES teams (id) | ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (t) REFERENCES teams (id), ALGORITHM=INPLACE, LOCK=NONE
            8.0.11           | ALTER TABLE users ADD COLUMN a int                    | ALTER TABLE users ADD COLUMN a int, ALGORITHM=INPLACE, LOCK=NONE
            5.7.44           | ALTER TABLE users ADD COLUMN a int                    | ALTER TABLE users ADD COLUMN a int, ALGORITHM=INPLACE, LOCK=NONE
            10.2.44-MariaDB  | ALTER TABLE users DROP PRIMARY KEY                    | ALTER TABLE users DROP PRIMARY KEY, ALGORITHM=INPLACE, LOCK=NONE
            10.11.19-MariaDB | CREATE INDEX idx_email ON users (email)               | CREATE INDEX idx_email ON users (email) ALGORITHM=INPLACE LOCK=NONE
            8.0.36           | create unique index if not exists `ix` using btree on `app`.`users` ((lower(email)), id) comment 'c'; | create unique index if not exists `ix` using btree on `app`.`users` ((lower(email)), id) comment 'c' ALGORITHM=INPLACE LOCK=NONE;
            8.0.36           | CREATE FULLTEXT INDEX ft ON users (bio)               | CREATE FULLTEXT INDEX ft ON users (bio) ALGORITHM=INPLACE LOCK=NONE
            10.11.19-MariaDB | DROP INDEX idx_email ON users                         | ALTER TABLE `users` DROP INDEX `idx_email`, ALGORITHM=INPLACE, LOCK=NONE
            10.11.19-MariaDB | drop index if exists `we``ird` on app.users;          | ALTER TABLE `app`.`users` DROP INDEX IF EXISTS `we``ird`, ALGORITHM=INPLACE, LOCK=NONE
            """)
    void indexAndConstraintChangesGoStraightToInplace(String version, String sql, String inplace) throws SQLException {
        assertThat(forms(version, sql)).containsExactly(inplace);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE users ADD COLUMN a int, ALGORITHM=INPLACE",             // respected as written
            "ALTER TABLE users ADD COLUMN a int, LOCK=SHARED",
            "ALTER TABLE users ALGORITHM=COPY, ADD COLUMN a int",
            "CREATE INDEX i ON users (a) LOCK=NONE",
            "DROP INDEX i ON users ALGORITHM=INPLACE",
            "ALTER ONLINE TABLE users ADD COLUMN a int",                         // MariaDB: LOCK=NONE already
            "ALTER IGNORE TABLE users ADD UNIQUE (a)",
            "ALTER TABLE users WAIT 5 ADD COLUMN a int",                         // MariaDB's own timeout
            "ALTER TABLE users NOWAIT ADD COLUMN a int",
            "ALTER TABLE users ADD PARTITION (PARTITION p3 VALUES LESS THAN (300))",
            "ALTER TABLE users PARTITION BY HASH(id) PARTITIONS 4",
            "ALTER TABLE users REMOVE PARTITIONING",
            "ALTER TABLE users ENGINE=InnoDB",                                   // table options: not understood
            "ALTER TABLE users ADD COLUMN a int, ENGINE=InnoDB",
            "ALTER TABLE users FORCE",
            "ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4",
            "ALTER TABLE users ORDER BY id",
            "ALTER TABLE users",
            "ALTER TABLE users ADD COLUMN a int,",
            "ALTER TABLE missing_t ADD COLUMN a int",                            // the server reports it
            "ALTER TABLE v_users ADD COLUMN a int",                              // not a table
            "CREATE OR REPLACE INDEX i ON users (a)",
            "CREATE INDEX i ON users (a) WAIT 3",
            "DROP INDEX i ON users, other",
            "DROP INDEX `PRIMARY`",
            "ALTER VIEW v AS SELECT 1",
            "ALTER TABLE users ADD COLUMN a int /*!80023 INVISIBLE */",          // executable comments
            "/*!40000 ALTER TABLE users DISABLE KEYS */",
            "ALTER TABLE users ADD COLUMN a int /*M!100301 , ALGORITHM=COPY */",
            "DROP TABLE users",
            "CREATE TABLE t (id int)",
    })
    void leftAsWritten(String sql) throws SQLException {
        assertThat(forms("10.11.19-MariaDB", sql)).isNull();
    }

    @Test
    void oldServersGetNoClauses() throws SQLException {
        assertThat(forms("5.5.62", "ALTER TABLE users ADD COLUMN a int")).isNull();
        assertThat(forms("5.5.5-10.11.19-MariaDB", "ALTER TABLE users ADD COLUMN a int")).hasSize(2);
    }

    // ---- the server supports no online form -------------------------------------------------------

    private String decide(String sql, long rows, Map<String, String> settings) throws SQLException {
        RewritePlan plan = RuleHarness.mysql(rule, context("10.11.19-MariaDB", rows, settings)).plan(sql);
        CopyFallback fallback = plan.steps().get(0).online().fallback();
        if (fallback.choice() == CopyFallback.Choice.REFUSE) {
            throw fallback.refusal(CopyFallback.reason(NOT_SUPPORTED));
        }
        return plan.original().text();
    }

    @Test
    void aCopyingAlterIsRefusedByDefaultWithTheServersReasonAndTheRecipe() {
        assertThatThrownBy(() -> decide("ALTER TABLE users ADD CONSTRAINT c CHECK (a > 0)", 1_000_000, Map.of()))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("Cannot change column type. Try ALGORITHM=COPY")
                .hasMessageContaining("gh-ost or pt-online-schema-change")
                .hasMessageContaining("expand/contract")
                .hasMessageContaining("/* safemigrate:allow copying-alter */")
                .hasMessageContaining("safemigrate.policy.copyingAlter=warn")
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("SM001");
                    assertThat(((PolicyViolationException) e).rule()).isEqualTo("copying-alter");
                });
    }

    @Test
    void aRefusedForeignKeyGetsTheForeignKeyChecksRecipe() {
        for (String sql : new String[] {"ALTER TABLE users ADD CONSTRAINT fk_team FOREIGN KEY (team) REFERENCES teams (id)",
                "ALTER TABLE users ADD FOREIGN KEY (team) REFERENCES teams (id)",
                "ALTER TABLE users ADD CONSTRAINT FOREIGN KEY (team) REFERENCES teams (id)",
                "alter table users add column team2 int, add constraint `fk` foreign key (team2) references teams (id)"}) {
            assertThatThrownBy(() -> decide(sql, 1_000_000, Map.of())).as(sql)
                    .isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("check the existing rows first")
                    .hasMessageContaining("SET foreign_key_checks = 0 before this statement and SET foreign_key_checks = 1"
                            + " after it, in the same session")
                    .hasMessageContaining("otherwise an online schema change tool");
        }
        assertThatThrownBy(() -> decide("ALTER TABLE users ADD CONSTRAINT c CHECK (a > 0)", 1_000_000, Map.of()))
                .as("not a foreign key").hasMessageNotContaining("foreign_key_checks");
    }

    @Test
    void aTypeChangeThatCopiesFollowsTheAlterColumnTypePolicy() {
        assertThatThrownBy(() -> decide("ALTER TABLE users MODIFY a bigint", 1_000_000, Map.of()))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("safemigrate.policy.alterColumnType=warn")
                .satisfies(e -> assertThat(((PolicyViolationException) e).rule()).isEqualTo("alter-column-type"));
    }

    @Test
    void warnAllowAndSmallTablesRunTheStatementAsWritten() throws SQLException {
        String sql = "ALTER TABLE users MODIFY a bigint";
        assertThat(decide(sql, 1_000_000, Map.of("safemigrate.policy.alterColumnType", "warn"))).isEqualTo(sql);
        assertThat(decide(sql, 1_000_000, Map.of("safemigrate.policy.default", "warn"))).isEqualTo(sql);
        String allowed = "ALTER TABLE users /* safemigrate:allow alter-column-type */ MODIFY a bigint";
        assertThat(decide(allowed, 1_000_000, Map.of())).isEqualTo(allowed);
        assertThat(decide(sql, 10, Map.of())).as("below rewrite.minRows").isEqualTo(sql);
        String drop = "DROP INDEX `PRIMARY` ON users";
        assertThat(decide(drop, 1_000_000, Map.of("safemigrate.policy.copyingAlter", "warn"))).isEqualTo(drop);
    }

    // ---- policy online: the driver's online table copy ------------------------------------------------

    private CopyFallback fallback(String sql, long rows, Map<String, String> settings) throws SQLException {
        RewritePlan plan = RuleHarness.mysql(rule, context("10.11.19-MariaDB", rows, settings)).plan(sql);
        return plan.steps().get(0).online().fallback();
    }

    private static final Map<String, String> ONLINE = Map.of("safemigrate.policy.copyingAlter", "online");

    @Test
    void policyOnlineCopiesWithTheActionsAsWrittenAndWhatTheyDrop() throws SQLException {
        CopyFallback f = fallback("ALTER TABLE app.users ADD CONSTRAINT c CHECK (a > 0), DROP COLUMN x, DROP y,"
                + " DROP COLUMN IF EXISTS `Z`, DROP INDEX i, DROP PRIMARY KEY, DROP CHECK k, DROP FOREIGN KEY fk", 1_000_000,
                ONLINE);
        assertThat(f.choice()).isEqualTo(CopyFallback.Choice.ONLINE);
        assertThat(f.onlineCopy().table().schema()).isEqualTo("app");
        assertThat(f.onlineCopy().actions()).isEqualTo("ADD CONSTRAINT c CHECK (a > 0), DROP COLUMN x, DROP y,"
                + " DROP COLUMN IF EXISTS `Z`, DROP INDEX i, DROP PRIMARY KEY, DROP CHECK k, DROP FOREIGN KEY fk");
        assertThat(f.onlineCopy().droppedColumns()).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(f.onlineCopy().droppedForeignKeys()).containsExactly("fk");
    }

    @Test
    void aRenameCannotBeCopiedOnlineAndIsRefusedSayingWhy() throws SQLException {
        for (String sql : List.of("ALTER TABLE users CHANGE a b int, ADD CONSTRAINT c CHECK (a > 0)",
                "ALTER TABLE users RENAME COLUMN a TO b, ADD CONSTRAINT c CHECK (b > 0)")) {
            CopyFallback f = fallback(sql, 1_000_000, ONLINE);
            assertThat(f.choice()).as(sql).isEqualTo(CopyFallback.Choice.REFUSE);
            assertThat(f.recipe()).as(sql).contains("online copy cannot take this statement").contains("renames");
        }
        assertThat(fallback("ALTER TABLE users CHANGE a a bigint, ADD CONSTRAINT c CHECK (a > 0)", 1_000_000, ONLINE)
                .choice()).isEqualTo(CopyFallback.Choice.ONLINE);
    }

    @Test
    void theCommentAsksForTheCopySmallTablesRunAsWrittenAndCreateIndexIsRefused() throws SQLException {
        String check = "ALTER TABLE users /* safemigrate:online */ ADD CONSTRAINT c CHECK (a > 0)";
        assertThat(fallback(check, 1_000_000, Map.of()).choice()).isEqualTo(CopyFallback.Choice.ONLINE);
        assertThat(fallback(check, 10, Map.of()).choice()).isEqualTo(CopyFallback.Choice.SMALL);
        assertThat(fallback(check, 10, Map.of()).onlineCopy()).as("kept, so a re-run resumes a crashed copy")
                .isNotNull();
        CopyFallback index = fallback("CREATE FULLTEXT INDEX f ON users (note)", 1_000_000, ONLINE);
        assertThat(index.choice()).isEqualTo(CopyFallback.Choice.REFUSE);
        assertThat(index.recipe()).contains("ALTER TABLE only");
    }

    @Test
    void aTypeChangeFollowsTheAlterColumnTypePolicy() throws SQLException {
        String modify = "ALTER TABLE users MODIFY a bigint";
        assertThat(fallback(modify, 1_000_000, ONLINE).choice()).isEqualTo(CopyFallback.Choice.REFUSE);
        assertThat(fallback(modify, 1_000_000, Map.of("safemigrate.policy.alterColumnType", "online")).choice())
                .isEqualTo(CopyFallback.Choice.ONLINE);
    }
}
