package dev.safemigrate.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlCursorTest {
    /** The text of each item, for readable expectations. */
    private static List<String> items(String sql, int from) {
        SqlCursor c = SqlCursor.over(sql, Dialect.MYSQL);
        List<int[]> items = c.topLevelItems(from);
        return items == null ? null : items.stream().map(r -> c.text(r[0]) + "…" + c.text(r[1] - 1)).toList();
    }

    @Test
    void topLevelItemsSplitAtCommasOutsideParentheses() {
        // tokens: ALTER TABLE t | ADD COLUMN a DECIMAL ( 10 , 2 ) , DROP COLUMN b ;
        assertThat(items("ALTER TABLE t ADD COLUMN a DECIMAL(10, 2), DROP COLUMN b;", 3))
                .containsExactly("ADD…)", "DROP…b");
        assertThat(items("ALTER TABLE t ADD INDEX i (a, b)", 3)).containsExactly("ADD…)");
    }

    @Test
    void aTopLevelWordIsFoundOnlyOutsideParenthesesAndInsideTheRange() {
        SqlCursor c = SqlCursor.over("ALTER TABLE t ADD COLUMN a int CHECK (a NOT NULL) DEFAULT 1", Dialect.POSTGRESQL);
        assertThat(c.hasTopLevelWord(3, c.size(), List.of("NOT", "UNIQUE"))).as("NOT only in parentheses").isFalse();
        assertThat(c.hasTopLevelWord(3, c.size(), List.of("DEFAULT"))).isTrue();
        assertThat(c.hasTopLevelWord(0, 3, List.of("DEFAULT"))).as("outside the range").isFalse();
    }

    @Test
    void unbalancedParenthesesOrAnEmptyItemGiveNull() {
        assertThat(items("ALTER TABLE t ADD COLUMN a DECIMAL(10, 2", 3)).isNull();
        assertThat(items("ALTER TABLE t ADD COLUMN a int)", 3)).isNull();
        assertThat(items("ALTER TABLE t ADD COLUMN a int,, DROP COLUMN b", 3)).isNull();
        assertThat(items("ALTER TABLE t ADD COLUMN a int,", 3)).isNull();
        assertThat(items("ALTER TABLE t", 3)).as("nothing after the name").isNull();
    }
}
