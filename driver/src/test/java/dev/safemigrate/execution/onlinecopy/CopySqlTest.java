package dev.safemigrate.execution.onlinecopy;

import dev.safemigrate.execution.batch.Key;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statements of an online copy, exactly as they reach the server. */
class CopySqlTest {
    private static final CopyNames NAMES = new CopyNames("app", "orders");
    private static final CopySql SQL = new CopySql(NAMES, List.of("id", "amount", "note"), List.of("id"), "PRIMARY",
            Set.of());

    private static Key key(String... values) {
        return new Key(List.of(values), java.util.Collections.nCopies(values.length, false));
    }

    @Test
    void theTriggersAreCreatedDeleteFirstThenUpdateThenInsert() {
        assertThat(SQL.createTriggers()).containsExactly(
                "CREATE TRIGGER `app`.`_orders_del` AFTER DELETE ON `app`.`orders` FOR EACH ROW DELETE FROM"
                        + " `app`.`_orders_new` WHERE `id` <=> OLD.`id`",
                "CREATE TRIGGER `app`.`_orders_upd` AFTER UPDATE ON `app`.`orders` FOR EACH ROW BEGIN DELETE FROM"
                        + " `app`.`_orders_new` WHERE `id` <=> OLD.`id`; REPLACE INTO `app`.`_orders_new` (`id`,"
                        + " `amount`, `note`) VALUES (NEW.`id`, NEW.`amount`, NEW.`note`); END",
                "CREATE TRIGGER `app`.`_orders_ins` AFTER INSERT ON `app`.`orders` FOR EACH ROW REPLACE INTO"
                        + " `app`.`_orders_new` (`id`, `amount`, `note`) VALUES (NEW.`id`, NEW.`amount`, NEW.`note`)");
    }

    @Test
    void aChunkReadsWithSharedLocksAndKeepsRowsTheTriggersWroteNeverInsertIgnore() {
        CopySql.Bound chunk = SQL.copyChunk(key("100"), key("200"));
        assertThat(chunk.sql()).isEqualTo("INSERT INTO `app`.`_orders_new` (`id`, `amount`, `note`) SELECT `id`,"
                + " `amount`, `note` FROM `app`.`orders` FORCE INDEX (`PRIMARY`) WHERE `id` > ? AND `id` <= ?"
                + " LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE `app`.`_orders_new`.`id` = `app`.`_orders_new`.`id`");
        assertThat(chunk.binds()).containsExactly("100", "200");
        assertThat(SQL.copyChunk(null, key("200")).sql()).contains("WHERE `id` <= ? LOCK").doesNotContain("IGNORE");
    }

    @Test
    void aCompositeKeyRangeIsLexicographicWithItsValuesBoundInOrder() {
        CopySql composite = new CopySql(NAMES, List.of("a", "b", "v"), List.of("a", "b"), "PRIMARY", Set.of());
        CopySql.Bound range = composite.range("o.", key("1", "x"), key("2", "y"));
        assertThat(range.sql()).isEqualTo("((o.`a` > ?) OR (o.`a` = ? AND o.`b` > ?)) AND"
                + " ((o.`a` < ?) OR (o.`a` = ? AND o.`b` <= ?))");
        assertThat(range.binds()).containsExactly("1", "1", "x", "2", "2", "y");
    }

    @Test
    void theComparisonCountsBothSidesAndTheEqualRowsInOneStatement() {
        CopySql collated = new CopySql(NAMES, List.of("id", "note"), List.of("id"), "PRIMARY", Set.of("note"));
        CopySql.Bound compare = collated.compareChunk(key("1"), key("9"));
        assertThat(compare.sql()).isEqualTo("SELECT (SELECT COUNT(*) FROM `app`.`orders` o WHERE o.`id` > ? AND"
                + " o.`id` <= ?), (SELECT COUNT(*) FROM `app`.`_orders_new` n WHERE n.`id` > ? AND n.`id` <= ?),"
                + " (SELECT COUNT(*) FROM `app`.`orders` o JOIN `app`.`_orders_new` n ON n.`id` = o.`id` WHERE"
                + " o.`id` > ? AND o.`id` <= ? AND o.`id` <=> n.`id` AND CONVERT(o.`note` USING utf8mb4) COLLATE"
                + " utf8mb4_bin <=> CONVERT(n.`note` USING utf8mb4) COLLATE utf8mb4_bin)");
        assertThat(compare.binds()).containsExactly("1", "9", "1", "9", "1", "9");
    }

    @Test
    void theSwapIsOneRenameTableWithBothRenames() {
        assertThat(SQL.swap()).isEqualTo("RENAME TABLE `app`.`orders` TO `app`.`_orders_old`, `app`.`_orders_new`"
                + " TO `app`.`orders`");
        assertThat(SQL.alterShadow("MODIFY amount bigint")).isEqualTo("ALTER TABLE `app`.`_orders_new` MODIFY amount bigint");
    }

    @Test
    void identifiersWithBackticksAreQuotedAndOverlongNamesRefused() throws SQLException {
        CopyNames odd = CopyNames.of("a`b", "t`x");
        assertThat(odd.q(odd.shadow())).isEqualTo("`a``b`.`_t``x_new`");
        assertThatThrownBy(() -> CopyNames.of("app", "t".repeat(60)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("longer than 64");
    }
}
