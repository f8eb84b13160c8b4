package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** AlterTable and the single-action shapes built on it (AlterTableAdd, AddColumn). */
class AlterTableShapesTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);

    private static SqlCursor pg(String sql) {
        return SqlCursor.over(sql, Dialect.POSTGRESQL);
    }

    @Test
    void alterTableSplitsItsActionsAtTopLevelCommas() {
        AlterTable a = AlterTable.parse(pg("ALTER TABLE IF EXISTS s.t ADD COLUMN a numeric(10, 2), DROP COLUMN b;"));
        assertThat(a.table().schema()).isEqualTo("s");
        assertThat(a.ifExists()).isTrue();
        assertThat(a.plain()).isTrue();
        assertThat(a.actions()).hasSize(2);
        SqlCursor c = a.tokens();
        assertThat(c.text(a.actions().get(1).from())).isEqualTo("DROP");
        assertThat(a.actions().get(1).to()).isEqualTo(c.sizeWithoutSemicolon());
    }

    @Test
    void alterTableIsNullForWhatItDoesNotUnderstand() {
        assertThat(AlterTable.parse(pg("ALTER TABLE t ADD CHECK (a > 0"))).as("unbalanced").isNull();
        assertThat(AlterTable.parse(pg("ALTER TABLE t ADD a int,"))).as("empty action").isNull();
        assertThat(AlterTable.parse(pg("ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b"))).isNull();
        assertThat(AlterTable.parse(pg("ALTER TABLE t"))).as("no action").isNull();
        assertThat(AlterTable.parse(pg("ALTER TABLE ONLY t * ADD a int")).plain()).isFalse();
    }

    @Test
    void theShapeIsParsedOncePerStatement() {
        SqlStatement s = PG.parse("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)").first();
        assertThat(AlterTable.of(s)).isSameAs(AlterTable.of(s));
        assertThat(AlterTableAdd.of(s)).isSameAs(AlterTableAdd.of(s));
        assertThat(AlterTableAdd.of(PG.parse("CREATE TABLE t (a int)").first())).isNull();
    }

    @Test
    void alterTableAddReadsTheConstraintNameAndTheBody() {
        AlterTableAdd a = AlterTableAdd.parse(pg("ALTER TABLE t ADD CONSTRAINT \"Pos\" CHECK (a > 0); -- done"));
        assertThat(a.table().name()).isEqualTo("t");
        assertThat(a.constraint()).isEqualTo("Pos");
        assertThat(a.tokens().text(a.body())).isEqualTo("CHECK");
        assertThat(a.tokens().text(a.end() - 1)).isEqualTo(")");
        assertThat(a.append(" NOT VALID")).isEqualTo("ALTER TABLE t ADD CONSTRAINT \"Pos\" CHECK (a > 0) NOT VALID; -- done");
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t ADD CHECK (a > 0)")).constraint()).isNull();
    }

    @Test
    void alterTableAddIsOneActionOnAPlainTable() {
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE ONLY t ADD CHECK (a > 0)"))).isNull();
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t * ADD CHECK (a > 0)"))).isNull();
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t ADD CHECK (a > 0), ADD CHECK (b > 0)"))).isNull();
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t ADD CONSTRAINT s.c CHECK (a > 0)"))).isNull();
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t ADD CONSTRAINT c"))).as("no body").isNull();
        assertThat(AlterTableAdd.parse(pg("ALTER TABLE t DROP CONSTRAINT c"))).isNull();
    }

    @Test
    void addColumnFindsTheColumnAndItsDefault() {
        AddColumn a = AddColumn.parse(pg("ALTER TABLE t ADD COLUMN IF NOT EXISTS c int CHECK (c > 0) DEFAULT random()"));
        assertThat(a.columnName().name()).isEqualTo("c");
        SqlCursor c = a.tokens();
        assertThat(c.text(a.defaultAt())).isEqualTo("DEFAULT");
        assertThat(a.end()).isEqualTo(c.size());
        assertThat(AddColumn.parse(pg("ALTER TABLE t ADD c int")).defaultAt()).isEqualTo(-1);
        assertThat(AddColumn.parse(pg("ALTER TABLE t ADD c int DEFAULT 1, ADD d int"))).isNull();
        assertThat(AddColumn.parse(pg("ALTER TABLE ONLY t ADD c int DEFAULT 1"))).isNull();
        assertThat(AddColumn.parse(pg("ALTER TABLE t ALTER c SET DEFAULT 1"))).isNull();
    }
}
