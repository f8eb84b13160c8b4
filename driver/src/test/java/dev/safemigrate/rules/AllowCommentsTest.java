package dev.safemigrate.rules;

import dev.safemigrate.sql.Dialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowCommentsTest {

    private static java.util.Set<String> pg(String sql) {
        return AllowComments.allowed(sql, Dialect.POSTGRESQL);
    }

    @Test
    void blockCommentAnywhereInTheStatement() {
        assertThat(pg("/* safemigrate:allow drop-table */ DROP TABLE t")).containsExactly("drop-table");
        assertThat(pg("DROP TABLE /* safemigrate:allow drop-table */ t")).containsExactly("drop-table");
        assertThat(pg("DROP TABLE t /* safemigrate:allow drop-table */;")).containsExactly("drop-table");
        assertThat(pg("DROP TABLE t; /* safemigrate:allow drop-table */")).containsExactly("drop-table");
        assertThat(pg("DROP TABLE t/*safemigrate:allow drop-table*/")).containsExactly("drop-table");
    }

    @Test
    void lineCommentsSeveralNamesAndCase() {
        assertThat(pg("ALTER TABLE t DROP COLUMN a -- SafeMigrate:Allow Drop-Column\n, DROP COLUMN b"))
                .containsExactly("drop-column");
        assertThat(pg("/* safemigrate:allow drop-column, rename-column */ x")).containsExactly("drop-column", "rename-column");
        assertThat(pg("/* safemigrate:allow vacuum-full */ /* safemigrate:allow cluster */ x"))
                .containsExactly("vacuum-full", "cluster");
    }

    @Test
    void textThatIsNotACommentNeverCounts() {
        assertThat(pg("ALTER TABLE t ADD COLUMN c text DEFAULT '/* safemigrate:allow volatile-default */'")).isEmpty();
        assertThat(pg("ALTER TABLE t ADD COLUMN c text DEFAULT $$ -- safemigrate:allow volatile-default\n $$")).isEmpty();
        assertThat(pg("ALTER TABLE t ADD COLUMN c text DEFAULT $x$ /* safemigrate:allow volatile-default */ $x$")).isEmpty();
        assertThat(pg("ALTER TABLE \"/* safemigrate:allow drop-column */\" DROP COLUMN c")).isEmpty();
        assertThat(pg("ALTER TABLE t ADD COLUMN c text DEFAULT E'\\' /* safemigrate:allow drop-column */'")).isEmpty();
    }

    @Test
    void nestedCommentsAndNearMisses() {
        assertThat(pg("/* outer /* inner */ safemigrate:allow truncate */ TRUNCATE t")).containsExactly("truncate");
        assertThat(pg("/* safemigrate:allowed truncate */ TRUNCATE t")).isEmpty();
        assertThat(pg("/* safemigrate: allow truncate */ TRUNCATE t")).isEmpty();
        assertThat(pg("/* allow truncate */ TRUNCATE t")).isEmpty();
        assertThat(pg("TRUNCATE t")).isEmpty();
        assertThat(AllowComments.allows("DROP TABLE t /* safemigrate:allow DROP-TABLE */", Dialect.POSTGRESQL, "drop-table"))
                .isTrue();
    }
}
