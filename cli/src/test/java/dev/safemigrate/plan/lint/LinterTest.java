package dev.safemigrate.plan.lint;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.plan.Planner;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.sql.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every squawk rule (docs/plan.md, "squawk's rules, side by side"): a statement squawk flags, planned as {@code plan} plans it, reports
 * either the driver's own rule or policy, or a lint advice, at the risk the table documents.
 */
class LinterTest {
    private static List<StatementPlan> postgres(String sql, Set<String> excluded) {
        return Planner.offline(Dialect.POSTGRESQL, false, Settings.defaults(), new PostgresSupport().rules(), excluded)
                .plan("V1__m.sql", sql.replace("\\n", "\n"));
    }

    private static List<StatementPlan> mysql(String sql) {
        return Planner.offline(Dialect.MYSQL, false, Settings.defaults(), new MySqlSupport("MySQL").rules(), Set.of())
                .plan("V1__m.sql", sql);
    }

    /** The rewrite rule, the policy findings and the lint advice that acted on the statement. */
    private static List<String> sources(StatementPlan p) {
        List<String> out = new ArrayList<>();
        if (p.rule() != null) {
            out.add(p.rule());
        }
        p.findings().forEach(f -> out.add(f.rule()));
        p.advice().forEach(a -> out.add(a.rule()));
        return out;
    }

    private static StatementPlan at(List<StatementPlan> plans, int index) {
        return plans.get(index < 0 ? plans.size() + index : index);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            adding-field-with-default            | ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();                 | -1 | volatile-default-backfill     | NONE
            adding-foreign-key-constraint        | ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id);     | -1 | add-foreign-key               | NONE
            adding-foreign-key-constraint        | ALTER TABLE t ADD COLUMN u bigint REFERENCES users (id);                   | -1 | add-column-foreign-key        | DANGER
            adding-not-nullable-field            | ALTER TABLE t ALTER COLUMN c SET NOT NULL;                                 | -1 | set-not-null                  | NONE
            adding-required-field                | ALTER TABLE t ADD COLUMN c boolean NOT NULL;                               | -1 | required-column               | DANGER
            adding-serial-primary-key-field      | ALTER TABLE t ADD COLUMN id serial PRIMARY KEY;                            | -1 | volatile-default              | REFUSED
            adding-serial-primary-key-field      | ALTER TABLE t ADD COLUMN uid bigint PRIMARY KEY;                           | -1 | add-column-index              | DANGER
            disallowed-unique-constraint         | ALTER TABLE t ADD COLUMN code text UNIQUE;                                 | -1 | add-column-index              | DANGER
            ban-alter-domain-with-add-constraint | ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);                  | -1 | domain-constraint             | WARNING
            ban-char-field                       | CREATE TABLE a (id bigint, code char(10));                                 | -1 | ban-char                      | WARNING
            ban-concurrent-index-creation-in-transaction | BEGIN;\\nCREATE INDEX CONCURRENTLY i ON t (c);\\nCOMMIT;           |  1 | concurrent-in-transaction     | DANGER
            ban-create-domain-with-constraint    | CREATE DOMAIN positive AS bigint CHECK (VALUE > 0);                        | -1 | domain-constraint             | WARNING
            ban-drop-column                      | ALTER TABLE t DROP COLUMN c;                                               | -1 | drop-column                   | WARNING
            ban-drop-database                    | DROP DATABASE shop;                                                        | -1 | ban-drop-database             | DANGER
            ban-drop-not-null                    | ALTER TABLE t ALTER COLUMN c DROP NOT NULL;                                | -1 | drop-not-null                 | WARNING
            ban-drop-table                       | DROP TABLE t;                                                              | -1 | drop-table                    | WARNING
            ban-duplicate-column-assignments     | UPDATE t SET a = 1, a = 2;                                                 | -1 | duplicate-column              | DANGER
            ban-duplicate-column-assignments     | CREATE TABLE t (a bigint, "a" text);                                       | -1 | duplicate-column              | DANGER
            ban-duplicate-column-assignments     | INSERT INTO t (a, b, a) VALUES (1, 2, 3);                                  | -1 | duplicate-column              | DANGER
            ban-truncate-cascade                 | TRUNCATE t CASCADE;                                                        | -1 | truncate-cascade              | WARNING
            ban-truncate-cascade                 | TRUNCATE t CASCADE;                                                        | -1 | truncate                      | WARNING
            ban-uncommitted-transaction          | VACUUM t;\\nBEGIN;\\nCREATE TABLE x (id bigint);                           |  1 | uncommitted-transaction       | DANGER
            changing-column-type                 | ALTER TABLE t ALTER COLUMN c TYPE varchar(200);                            | -1 | alter-column-type             | WARNING
            constraint-missing-not-valid         | ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0);                             | -1 | add-check                     | NONE
            constraint-missing-not-valid         | ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0) NOT VALID;\\nALTER TABLE t VALIDATE CONSTRAINT ck; | -1 | validate-in-transaction | DANGER
            disallowed-unique-constraint         | ALTER TABLE t ADD CONSTRAINT u UNIQUE (c);                                 | -1 | add-unique                    | NONE
            identifier-too-long                  | CREATE TABLE table_very_long_very_long_very_long_very_long_very_long_very_long (id bigint); | -1 | identifier-too-long | WARNING
            prefer-bigint-over-int               | CREATE TABLE posts (id int PRIMARY KEY);                                   | -1 | prefer-bigint                 | WARNING
            prefer-bigint-over-int               | ALTER TABLE t ADD COLUMN c int4;                                           | -1 | prefer-bigint                 | WARNING
            prefer-bigint-over-smallint          | CREATE TABLE posts (id bigint, rank smallint);                             | -1 | prefer-bigint                 | WARNING
            prefer-identity                      | CREATE TABLE posts (id bigserial PRIMARY KEY);                             | -1 | prefer-identity               | WARNING
            prefer-repack                        | VACUUM FULL t;                                                             | -1 | vacuum-full                   | REFUSED
            prefer-repack                        | CLUSTER t USING t_pkey;                                                    | -1 | cluster                       | REFUSED
            prefer-robust-stmts                  | CREATE INDEX CONCURRENTLY i ON t (c);                                      | -1 | prefer-robust                 | WARNING
            prefer-robust-stmts                  | ALTER TABLE t ADD COLUMN c text;\\nDROP INDEX CONCURRENTLY i;              |  0 | prefer-robust                 | WARNING
            prefer-text-field                    | CREATE TABLE u (id bigint, email varchar(100));                            | -1 | prefer-text                   | WARNING
            prefer-timestamptz                   | ALTER TABLE t ADD COLUMN seen timestamp;                                   | -1 | prefer-timestamptz            | WARNING
            renaming-column                      | ALTER TABLE t RENAME COLUMN a TO b;                                        | -1 | rename-column                 | WARNING
            renaming-table                       | ALTER TABLE t RENAME TO u;                                                 | -1 | rename-table                  | WARNING
            require-concurrent-index-creation    | CREATE INDEX i ON t (c);                                                   | -1 | create-index                  | NONE
            require-concurrent-index-deletion    | DROP INDEX i;                                                              | -1 | drop-index                    | NONE
            require-concurrent-partition-detach  | ALTER TABLE t DETACH PARTITION p;                                          | -1 | detach-partition-concurrently | WARNING
            require-concurrent-reindex           | REINDEX TABLE t;                                                           | -1 | reindex                       | NONE
            require-enum-value-ordering          | ALTER TYPE status ADD VALUE 'pending';                                     | -1 | enum-value-order              | WARNING
            transaction-nesting                  | BEGIN;\\nCREATE TABLE x (id bigint);\\nCOMMIT;                             |  0 | transaction-nesting           | WARNING
            transaction-nesting                  | CREATE TABLE x (id bigint);\\nCOMMIT;                                      | -1 | transaction-nesting           | WARNING
            transaction-nesting                  | VACUUM t;\\nBEGIN;\\nBEGIN;\\nCOMMIT;                                      |  2 | transaction-nesting           | WARNING
            """)
    void planReportsEverySquawkRule(String squawk, String sql, int index, String source, Risk risk) {
        StatementPlan p = at(postgres(sql, Set.of()), index);

        assertThat(sources(p)).as(squawk).contains(source);
        assertThat(p.risk()).as(squawk).isEqualTo(risk);
    }

    /** adding-serial-primary-key-field's ADD PRIMARY KEY: no safe form, the lock analysis calls it a danger. */
    @Test
    void addingAPrimaryKeyIsADangerFromItsLock() {
        StatementPlan p = at(postgres("ALTER TABLE t ADD PRIMARY KEY (id);", Set.of()), -1);

        assertThat(p.risk()).isEqualTo(Risk.DANGER);
        assertThat(p.reasons()).anyMatch(r -> r.contains("blocks reads and writes") && r.contains("builds an index"));
        assertThat(p.advice()).isEmpty();
    }

    /** require-timeout-settings: the driver runs every DDL under its lock timeout, so plan has nothing to add. */
    @Test
    void aStatementWithoutTimeoutSettingsIsNotFlagged() {
        StatementPlan p = at(postgres("ALTER TABLE t ADD COLUMN c text;", Set.of()), -1);

        assertThat(p.advice()).isEmpty();
        assertThat(p.risk()).isEqualTo(Risk.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "CREATE TABLE a (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text, seen timestamptz,"
                    + " at timestamp with time zone, note varchar, n int8, amount numeric(10, 2));",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c bigint;\\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);\\nDROP INDEX CONCURRENTLY IF EXISTS j;",
            "CREATE TABLE x (id bigint);\\nALTER TABLE x ADD COLUMN c text;\\nDROP TABLE y;",
            "ALTER TABLE t ADD COLUMN c boolean NOT NULL DEFAULT false;",
            "ALTER TABLE t ADD COLUMN c bigint GENERATED ALWAYS AS (a * 2) STORED NOT NULL;",
            "CREATE TABLE x (id bigint);\\nALTER TABLE x ADD COLUMN c boolean NOT NULL;",
            "CREATE TABLE x (id bigint);\\nALTER TABLE x ADD COLUMN c text UNIQUE REFERENCES y (id);",
            "VACUUM t;\\nBEGIN;\\nCREATE TABLE x (id bigint);\\nCOMMIT;",
            "ALTER TYPE status ADD VALUE 'pending' BEFORE 'approved';",
            "TRUNCATE t;",
            "ALTER TABLE t DETACH PARTITION p CONCURRENTLY;",
            "ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0) NOT VALID;",
            "CREATE DOMAIN code AS text;",
            "CREATE TABLE \"Int\" (\"int\" text, v varchar);",
            "UPDATE t SET a = 1, b = (SELECT a FROM x WHERE a = 2) WHERE a = 3;",
            "UPDATE t SET (a, b) = (1, 2);",
            "INSERT INTO t (a, b) VALUES (1, 2);"})
    void saferFormsAreNotFlagged(String sql) {
        for (StatementPlan p : postgres(sql, Set.of())) {
            assertThat(p.advice()).as(p.sql()).isEmpty();
        }
    }

    @Test
    void eachTypeAdviceNamesItsColumnsAndReadsMultiWordTypes() {
        StatementPlan p = at(postgres("CREATE TABLE t (a int[], b character(5), c timestamp(3),"
                + " d timestamp(3) with time zone, e character varying(9), f text);", Set.of()), -1);

        assertThat(p.advice()).extracting(Advice::rule)
                .containsExactly("prefer-bigint", "ban-char", "prefer-timestamptz", "prefer-text");
        assertThat(p.advice()).extracting(Advice::message)
                .anyMatch(m -> m.startsWith("a int:"))
                .anyMatch(m -> m.startsWith("b:"))
                .anyMatch(m -> m.startsWith("c:"))
                .anyMatch(m -> m.startsWith("e:"));
        assertThat(p.reasons()).contains("[ban-char] " + p.advice().get(1).message());
    }

    @Test
    void concurrentlyOutsideATransactionIsNotAConcurrentInTransaction() {
        StatementPlan p = at(postgres("CREATE INDEX CONCURRENTLY i ON t (c);", Set.of()), -1);

        assertThat(p.advice()).extracting(Advice::rule).containsExactly("prefer-robust");
    }

    @Test
    void excludedRulesAreNotReported() {
        List<StatementPlan> plans = postgres("CREATE TABLE posts (id serial PRIMARY KEY, at timestamp);",
                Set.of("prefer-bigint", "prefer-identity"));

        assertThat(plans.get(0).advice()).extracting(Advice::rule).containsExactly("prefer-timestamptz");
        assertThat(Linter.unknown(Set.of("prefer-bigint", "prefer-bigints"))).containsExactly("prefer-bigints");
    }

    @Test
    void excludingEveryAdviceLeavesTheDriversVerdict() {
        StatementPlan p = at(postgres("ALTER TABLE t ADD COLUMN u int REFERENCES users (id);",
                Set.of("prefer-bigint", "add-column-foreign-key")), -1);

        assertThat(p.advice()).isEmpty();
        assertThat(p.risk()).isEqualTo(Risk.NONE);
    }

    @Test
    void onMySqlOnlyIntegerWidthAndRequiredColumnsAndDropDatabaseApply() {
        List<StatementPlan> plans = mysql("CREATE TABLE a (id int PRIMARY KEY, code char(3), name varchar(100),"
                + " at timestamp, n bigint);\nALTER TABLE t ADD COLUMN c int NOT NULL;\nDROP DATABASE shop;");

        assertThat(plans.get(0).advice()).extracting(Advice::rule).containsExactly("prefer-bigint");
        assertThat(plans.get(0).advice().get(0).message()).startsWith("id int:");
        assertThat(plans.get(1).advice()).extracting(Advice::rule).containsExactly("prefer-bigint", "required-column");
        assertThat(plans.get(1).advice()).extracting(Advice::risk).containsOnly(Risk.WARNING);
        assertThat(plans.get(2).advice()).extracting(Advice::rule).containsExactly("ban-drop-database");
        assertThat(plans.get(2).risk()).isEqualTo(Risk.DANGER);
    }

    @Test
    void everyRuleHasAUniqueKebabCaseNameAndASquawkEquivalent() {
        assertThat(Linter.rules()).extracting(LintRule::name).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"));
        assertThat(Linter.rules()).allMatch(r -> !r.squawk().isBlank() && !r.description().isBlank());
    }
}
