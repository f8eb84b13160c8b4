package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The column types a history writes, followed through the statements that change them. */
class WrittenColumnsTest {
    private final StatementClassifier classifier = new StatementClassifier(Dialect.POSTGRESQL);
    private final WrittenColumns columns = new WrittenColumns();

    private void run(String... sql) {
        for (String text : sql) {
            for (SqlStatement s : classifier.parse(text).statements()) {
                columns.after(s, "V1__x.sql");
            }
        }
    }

    private String described(String table, String column) {
        WrittenColumns.Column c = columns.column(table, column);
        return c == null ? null : c.written() + "/" + c.type().typeName() + "/" + c.type().typmod() + "/" + c.notNull();
    }

    @Test
    void createTableGivesEachColumnItsTypeAndNotNull() {
        run("CREATE TABLE t (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, total numeric(10,2) DEFAULT 0,"
                + " at timestamp, code char(2), CONSTRAINT t_email UNIQUE (email), PRIMARY KEY (id))");

        assertThat(described("t", "id")).isEqualTo("bigint (bigserial)/int8/-1/true");
        assertThat(described("t", "email")).isEqualTo("varchar(255)/varchar/259/true");
        assertThat(described("t", "total")).isEqualTo("numeric(10,2)/numeric/655366/false");
        assertThat(described("t", "at")).isEqualTo("timestamp/timestamp/-1/false");
        assertThat(described("t", "code")).isEqualTo("char(2)/bpchar/6/false");
        assertThat(columns.column("t", "t_email")).isNull();
    }

    @Test
    void laterStatementsChangeRenameAndDropColumns() {
        run("CREATE TABLE t (id int, name varchar(50), note text)",
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS age int NOT NULL DEFAULT 0",
                "ALTER TABLE t ALTER COLUMN name TYPE varchar(100), ALTER COLUMN id SET NOT NULL",
                "ALTER TABLE t RENAME COLUMN note TO remark",
                "ALTER TABLE t DROP COLUMN age",
                "ALTER TABLE t RENAME TO people");

        assertThat(described("people", "name")).isEqualTo("varchar(100)/varchar/104/false");
        assertThat(described("people", "id")).isEqualTo("int/int4/-1/true");
        assertThat(described("people", "remark")).isEqualTo("text/text/-1/false");
        assertThat(columns.column("people", "note")).isNull();
        assertThat(columns.column("people", "age")).isNull();
        assertThat(columns.column("t", "name")).isNull();
    }

    @Test
    void whatItDoesNotFullyUnderstandItForgets() {
        run("CREATE TABLE t (a text COLLATE \"C\", b int[], c my_domain, d int)",
                "ALTER TABLE t ALTER COLUMN d TYPE my_domain",
                "CREATE TABLE u AS SELECT 1 AS x");

        assertThat(columns.column("t", "a")).isNull();
        assertThat(columns.column("t", "b")).isNull();
        assertThat(columns.column("t", "c")).isNull();
        assertThat(columns.column("t", "d")).isNull();
        assertThat(columns.column("u", "x")).isNull();
    }
}
