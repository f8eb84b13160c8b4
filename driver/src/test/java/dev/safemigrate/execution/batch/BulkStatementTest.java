package dev.safemigrate.execution.batch;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import dev.safemigrate.sql.shape.BulkDml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkStatementTest {

    /** The statement as the driver sees it: classified, its tokens kept. */
    private static BulkStatement.Analysis analyze(String sql, Dialect dialect) {
        return BulkStatement.analyze(new StatementClassifier(dialect).parse(sql).first());
    }

    private static BulkStatement pg(String sql) {
        BulkStatement.Analysis a = analyze(sql, Dialect.POSTGRESQL);
        assertThat(a.reason()).as(sql).isNull();
        return a.statement();
    }

    private static BulkStatement my(String sql) {
        BulkStatement.Analysis a = analyze(sql, Dialect.MYSQL);
        assertThat(a.reason()).as(sql).isNull();
        return a.statement();
    }

    /** Found by SqlFuzzTest: an unclosed column list in SET made the analysis loop forever (the client hung). */
    @Test
    @org.junit.jupiter.api.Timeout(value = 5, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnclosedColumnListInSetIsAnalysedAndEnds() {
        for (String sql : List.of("UPDATE t SET (a, b = 1, (c", "UPDATE t SET x = 1, (a", "UPDATE t SET (")) {
            BulkStatement.Analysis a = analyze(sql, Dialect.POSTGRESQL);
            assertThat(a).as(sql).isNotNull();
        }
    }

    @Test
    void theWhereConditionIsAndedWithTheKeyRangeInParentheses() {
        BulkStatement s = pg("UPDATE users SET full_name = name WHERE full_name IS NULL OR full_name = '';");
        assertThat(s.kind()).isEqualTo(BulkDml.Kind.UPDATE);
        assertThat(s.keyTable().name()).isEqualTo("users");
        assertThat(s.withRange("users.\"id\" > 5"))
                .isEqualTo("UPDATE users SET full_name = name WHERE (full_name IS NULL OR full_name = '') AND (users.\"id\" > 5)");
        assertThat(s.assignedColumns()).containsExactly("full_name");
    }

    @Test
    void withoutWhereTheRangeBecomesTheWhere() {
        assertThat(pg("DELETE FROM audit").withRange("audit.\"id\" <= 9")).isEqualTo("DELETE FROM audit WHERE audit.\"id\" <= 9");
        assertThat(pg("UPDATE t SET n = n + 1").withRange("r")).isEqualTo("UPDATE t SET n = n + 1 WHERE r");
    }

    @Test
    void aliasesQualifyTheKey() {
        BulkStatement s = pg("UPDATE public.\"Users\" AS u SET flag = true WHERE u.age > 30");
        assertThat(s.keyQualifier()).isEqualTo("u");
        assertThat(s.qualified(List.of("\"id\""))).containsExactly("u.\"id\"");
        assertThat(s.keyTable().schema()).isEqualTo("public");
        assertThat(s.keyTable().name()).isEqualTo("Users");
        assertThat(pg("DELETE FROM public.events e WHERE e.at < now()").keyQualifier()).isEqualTo("e");
        assertThat(pg("DELETE FROM public.events WHERE at < now()").keyQualifier()).isEqualTo("public.events");
    }

    @Test
    void setListsNameEveryAssignedColumn() {
        assertThat(pg("UPDATE t SET a = coalesce(b, 1), (c, d) = (1, 2), t.e = f(g, h) WHERE x").assignedColumns())
                .containsExactly("a", "c", "d", "e");
        assertThat(my("UPDATE LOW_PRIORITY IGNORE t SET `A` = 1, b = IF(c, 1, 2)").assignedColumns()).containsExactly("A", "b");
    }

    @Test
    void insertSelectWalksTheSourceTable() {
        BulkStatement s = pg("INSERT INTO addresses (user_id, street) SELECT id, street FROM users u WHERE street IS NOT NULL");
        assertThat(s.kind()).isEqualTo(BulkDml.Kind.INSERT_SELECT);
        assertThat(s.target().name()).isEqualTo("addresses");
        assertThat(s.keyTable().name()).isEqualTo("users");
        assertThat(s.keyQualifier()).isEqualTo("u");
        assertThat(s.withRange("u.\"id\" <= 10")).isEqualTo(
                "INSERT INTO addresses (user_id, street) SELECT id, street FROM users u WHERE (street IS NOT NULL) AND (u.\"id\" <= 10)");
        assertThat(pg("INSERT INTO copy SELECT * FROM src ON CONFLICT DO NOTHING").withRange("r"))
                .isEqualTo("INSERT INTO copy SELECT * FROM src WHERE r ON CONFLICT DO NOTHING");
        assertThat(my("INSERT INTO copy SELECT id, v FROM src WHERE v > 0 ON DUPLICATE KEY UPDATE v = VALUES(v)").withRange("r"))
                .isEqualTo("INSERT INTO copy SELECT id, v FROM src WHERE (v > 0) AND (r) ON DUPLICATE KEY UPDATE v = VALUES(v)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UPDATE t SET a = 1 RETURNING id | RETURNING",
            "UPDATE t SET a = u.b FROM u WHERE u.id = t.id | UPDATE … FROM",
            "UPDATE t SET a = 1 WHERE CURRENT OF c | CURRENT OF",
            "UPDATE t SET a = (SELECT max(a) FROM t) | subquery reads the table",
            "DELETE FROM t WHERE id IN (SELECT id FROM t WHERE x) | subquery reads the table",
            "DELETE FROM t USING u WHERE u.id = t.id | joins",
            "WITH x AS (SELECT 1) UPDATE t SET a = 1 | WITH",
            "INSERT INTO t SELECT count(*) FROM s | aggregates (count)",
            "INSERT INTO t SELECT DISTINCT a FROM s | DISTINCT",
            "INSERT INTO t SELECT a FROM s JOIN u ON u.id = s.id | JOIN",
            "INSERT INTO t SELECT a FROM s, u | more than one table",
            "INSERT INTO t SELECT a FROM t | reads the table it inserts into",
            "INSERT INTO t SELECT a FROM s GROUP BY a | GROUP",
            "INSERT INTO t SELECT a FROM s ORDER BY a LIMIT 10 | ORDER",
            "INSERT INTO t SELECT a, row_number() OVER () FROM s | window",
            "INSERT INTO t VALUES (1) | plain SELECT",
            "SELECT 1 | not an UPDATE",
    })
    void refusedWithTheReason(String sql, String reason) {
        BulkStatement.Analysis a = analyze(sql, Dialect.POSTGRESQL);
        assertThat(a.statement()).isNull();
        assertThat(a.reason()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UPDATE t SET a = 1 ORDER BY id LIMIT 10 | ORDER BY or LIMIT",
            "UPDATE t, u SET t.a = u.a WHERE t.id = u.id | several tables",
            "UPDATE t JOIN u ON u.id = t.id SET t.a = u.a | several tables",
            "DELETE t FROM t JOIN u ON u.id = t.id | several tables",
            "DELETE FROM t WHERE a = 1 LIMIT 100 | ORDER BY or LIMIT",
            "DELETE FROM t ORDER BY id LIMIT 100 | ORDER BY",
    })
    void mySqlFormsRefusedWithTheReason(String sql, String reason) {
        BulkStatement.Analysis a = analyze(sql, Dialect.MYSQL);
        assertThat(a.statement()).isNull();
        assertThat(a.reason()).contains(reason);
    }

    @Test
    void subqueriesOnOtherTablesAreFine() {
        assertThat(pg("UPDATE t SET a = (SELECT max(v) FROM other WHERE other.id = t.id) WHERE t.x IN (SELECT x FROM u)")
                .withRange("r")).endsWith("WHERE (t.x IN (SELECT x FROM u)) AND (r)");
    }
}
