package dev.safemigrate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants that must hold for every input, including garbage: {@code parse} never throws, the
 * statement texts put back together are the input, offsets are consistent, and each piece taken
 * alone splits back into exactly itself.
 */
class ClassifierPropertiesTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);
    private static final StatementClassifier MY = new StatementClassifier(Dialect.MYSQL);

    /** Fragments that open or close every lexical construct of both dialects, plus keywords. */
    private static final List<String> FRAGMENTS = List.of(
            "'", "\"", "`", "$", "$$", "$a$", "$1", ";", ";", ";", "-", "--", "-- ", "/", "*", "/*", "*/",
            "/*!", "/*!50100 ", "/*M!", "#", "\\", "\\'", "''", "E'", "e'", "U&'", "@", "@@", "(", ")", ",", ".",
            " ", " ", "\n", "\r", "\t", "a", "x", "1", "SELECT ", "INSERT INTO t ", "UPDATE t SET a=1 ",
            "DELETE FROM t ", "WHERE ", "LIMIT 1 ", "RETURNING ", "CREATE ", "OR REPLACE ", "FUNCTION ",
            "PROCEDURE ", "TRIGGER ", "EVENT ", "DEFINER=", "BEGIN ", "ATOMIC ", "NOT ", "END ", "END IF ",
            "IF ", "IF(", "EXISTS ", "THEN ", "ELSE ", "CASE ", "WHEN ", "LOOP ", "WHILE ", "DO ",
            "REPEAT ", "REPEAT(", "TABLE ", "INDEX ", "CONCURRENTLY ", "ON ", "WITH ", "AS ", "DROP ",
            "ALTER ", "SET ", "TRANSACTION ", "ROLLBACK ", "TO ", "COMMIT ", "ü", "\uFEFF", "\u0000");

    @Provide
    Arbitrary<String> sqlish() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> anyChars() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> quoteHeavyChars() {
        return Arbitraries.strings().withChars("'\"`$;-/*#\\\n (){}E@!M5ab").ofMaxLength(120);
    }

    @Property(tries = 3000)
    void postgresInvariantsOnSqlishInput(@ForAll("sqlish") String sql) {
        checkInvariants(PG, sql, true);
    }

    @Property(tries = 3000)
    void mysqlInvariantsOnSqlishInput(@ForAll("sqlish") String sql) {
        checkInvariants(MY, sql, true);
    }

    @Property(tries = 1000)
    void postgresInvariantsOnArbitraryStrings(@ForAll("anyChars") String sql) {
        checkInvariants(PG, sql, true);
    }

    @Property(tries = 1000)
    void mysqlInvariantsOnArbitraryStrings(@ForAll("anyChars") String sql) {
        checkInvariants(MY, sql, true);
    }

    @Property(tries = 2000)
    void postgresInvariantsOnQuoteHeavyStrings(@ForAll("quoteHeavyChars") String sql) {
        checkInvariants(PG, sql, true);
    }

    @Property(tries = 2000)
    void mysqlInvariantsOnQuoteHeavyStrings(@ForAll("quoteHeavyChars") String sql) {
        checkInvariants(MY, sql, true);
    }

    static void checkInvariants(StatementClassifier classifier, String sql, boolean reparse) {
        ParsedSql parsed = classifier.parse(sql);
        List<SqlStatement> stmts = parsed.statements();
        assertThat(parsed.sql()).isSameAs(sql);
        if (sql.isEmpty()) {
            assertThat(stmts).isEmpty();
            return;
        }
        assertThat(stmts).isNotEmpty();
        StringBuilder joined = new StringBuilder();
        int offset = 0;
        for (int i = 0; i < stmts.size(); i++) {
            SqlStatement s = stmts.get(i);
            assertThat(s.start()).as("start of statement %d", i).isEqualTo(offset);
            assertThat(s.text()).as("statement %d", i).isNotEmpty().isEqualTo(sql.substring(offset, offset + s.text().length()));
            if (i < stmts.size() - 1) {
                assertThat(s.text()).as("every statement but the last ends with its ';'").endsWith(";");
            }
            assertThat(s.kind()).isNotNull();
            assertThat(s.ddlKind() != null).isEqualTo(s.kind() == StatementKind.DDL);
            assertThat(s.dmlKind() != null).isEqualTo(s.kind() == StatementKind.DML);
            assertThat(s.transactionKind() != null).isEqualTo(s.kind() == StatementKind.TRANSACTION);
            joined.append(s.text());
            offset += s.text().length();
        }
        assertThat(joined.toString()).isEqualTo(sql);
        // each piece alone is one statement classified the same way; in MySQL an executable
        // comment may span pieces (/*!… ; … */), so pieces touching comments are left out there
        if (reparse) {
            for (SqlStatement s : stmts) {
                if (classifier.dialect() == Dialect.MYSQL && (s.text().contains("/*") || s.text().contains("*/"))) {
                    continue;
                }
                List<SqlStatement> again = classifier.parse(s.text()).statements();
                assertThat(again).as("re-parse of piece %s", s.text()).hasSize(1);
                SqlStatement a = again.get(0);
                assertThat(a.kind()).isEqualTo(s.kind());
                assertThat(a.ddlKind()).isEqualTo(s.ddlKind());
                assertThat(a.dmlKind()).isEqualTo(s.dmlKind());
                assertThat(a.transactionKind()).isEqualTo(s.transactionKind());
                assertThat(a.target()).isEqualTo(s.target());
                assertThat(a.index()).isEqualTo(s.index());
                assertThat(a.hasWhere()).isEqualTo(s.hasWhere());
            }
        }
    }
}
