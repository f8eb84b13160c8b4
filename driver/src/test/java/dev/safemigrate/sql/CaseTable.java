package dev.safemigrate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A compact table format for classifier cases, one per line:
 *
 * <pre>
 * SQL ==> EXPECTATION ;; EXPECTATION …
 * </pre>
 *
 * with one expectation per statement the SQL splits into (EMPTY pieces included). An expectation is
 * a kind ({@code QUERY}, {@code SET}, {@code EMPTY}, {@code OTHER}, {@code DDL:CREATE_TABLE},
 * {@code DML:UPDATE}, {@code TX:BEGIN}) followed by attributes: {@code target=<sql as written>},
 * {@code tschema=}, {@code tname=} (folded parts), {@code index=}, {@code ischema=}, {@code iname=},
 * and the flags {@code where}, {@code limit}, {@code returning}, {@code concurrently}. Unmentioned
 * flags must be false and an unmentioned target/index must be null. In the SQL, {@code ⏎} stands
 * for a newline and {@code ⇥} for a tab. Blank lines and lines starting with {@code //} are skipped.
 */
final class CaseTable {
    private CaseTable() {}

    static Stream<Arguments> parse(String table) {
        List<Arguments> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("//")) {
                continue;
            }
            int arrow = line.lastIndexOf(" ==> ");
            if (arrow < 0) {
                throw new IllegalArgumentException("no ' ==> ' in case line: " + line);
            }
            String sql = line.substring(0, arrow).replace("⏎", "\n").replace("⇥", "\t");
            out.add(Arguments.of(sql, line.substring(arrow + 5).trim()));
        }
        return out.stream();
    }

    static void check(Dialect dialect, String sql, String expectations) {
        ParsedSql parsed = new StatementClassifier(dialect).parse(sql);
        String[] expected = expectations.split(" ;; ");
        List<SqlStatement> stmts = parsed.statements();
        assertThat(stmts).as("statements of %s", sql).hasSize(expected.length);
        StringBuilder joined = new StringBuilder();
        for (SqlStatement s : stmts) {
            joined.append(s.text());
        }
        assertThat(joined.toString()).as("joined texts").isEqualTo(sql);
        for (int i = 0; i < expected.length; i++) {
            checkOne(stmts.get(i), expected[i].trim(), "statement " + i + " of: " + sql);
        }
    }

    private static void checkOne(SqlStatement s, String expectation, String where) {
        String[] parts = expectation.split(" +");
        String kindSpec = parts[0];
        String describe = where + " -> " + s;
        String kindName = kindSpec.contains(":") ? kindSpec.substring(0, kindSpec.indexOf(':')) : kindSpec;
        String sub = kindSpec.contains(":") ? kindSpec.substring(kindSpec.indexOf(':') + 1) : null;
        StatementKind kind = switch (kindName) {
            case "TX" -> StatementKind.TRANSACTION;
            default -> StatementKind.valueOf(kindName);
        };
        assertThat(s.kind()).as("kind; " + describe).isEqualTo(kind);
        assertThat(s.ddlKind()).as("ddlKind; " + describe)
                .isEqualTo(kind == StatementKind.DDL ? DdlKind.valueOf(sub) : null);
        assertThat(s.dmlKind()).as("dmlKind; " + describe)
                .isEqualTo(kind == StatementKind.DML ? DmlKind.valueOf(sub) : null);
        assertThat(s.transactionKind()).as("transactionKind; " + describe)
                .isEqualTo(kind == StatementKind.TRANSACTION ? TransactionKind.valueOf(sub) : null);

        String target = null, tschema = null, tname = null, index = null, ischema = null, iname = null;
        boolean where_ = false, limit = false, returning = false, concurrently = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("target=")) target = p.substring(7);
            else if (p.startsWith("tschema=")) tschema = p.substring(8);
            else if (p.startsWith("tname=")) tname = p.substring(6);
            else if (p.startsWith("index=")) index = p.substring(6);
            else if (p.startsWith("ischema=")) ischema = p.substring(8);
            else if (p.startsWith("iname=")) iname = p.substring(6);
            else if (p.equals("where")) where_ = true;
            else if (p.equals("limit")) limit = true;
            else if (p.equals("returning")) returning = true;
            else if (p.equals("concurrently")) concurrently = true;
            else throw new IllegalArgumentException("unknown attribute " + p + " in " + expectation);
        }
        checkName("target", s.target(), target, tschema, tname, describe);
        checkName("index", s.index(), index, ischema, iname, describe);
        assertThat(s.hasWhere()).as("hasWhere; " + describe).isEqualTo(where_);
        assertThat(s.hasLimit()).as("hasLimit; " + describe).isEqualTo(limit);
        assertThat(s.hasReturning()).as("hasReturning; " + describe).isEqualTo(returning);
        assertThat(s.concurrently()).as("concurrently; " + describe).isEqualTo(concurrently);
    }

    private static void checkName(String what, QualifiedName actual, String sql, String schema, String name,
            String describe) {
        if (sql == null && schema == null && name == null) {
            assertThat(actual).as(what + " must be null; " + describe).isNull();
            return;
        }
        assertThat(actual).as(what + "; " + describe).isNotNull();
        if (sql != null) {
            assertThat(actual.sql()).as(what + ".sql; " + describe).isEqualTo(sql);
            if (schema == null && !sql.contains(".")) {
                assertThat(actual.schema()).as(what + ".schema; " + describe).isNull();
            }
            if (name == null && sql.matches("[a-z_][a-z0-9_]*")) {
                assertThat(actual.name()).as(what + ".name; " + describe).isEqualTo(sql);
            }
        }
        if (schema != null) {
            assertThat(actual.schema()).as(what + ".schema; " + describe).isEqualTo(schema);
        }
        if (name != null) {
            assertThat(actual.name()).as(what + ".name; " + describe).isEqualTo(name);
        }
    }
}
