package dev.safemigrate.execution.onlinecopy;

import dev.safemigrate.execution.batch.Key;
import dev.safemigrate.execution.onlinecopy.CopyTables.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static dev.safemigrate.execution.onlinecopy.CopyNames.quote;

/**
 * Every statement of an online copy, written from the names, the copied columns and the chunk key. Pure:
 * no connection, every identifier quoted, key values always bound (never written into the SQL).
 *
 * @param columns the columns copied: in both tables by name, generated in neither
 * @param key the chunk key's columns
 * @param keyIndex the index those columns are the key of in the original ({@code PRIMARY} or a unique index)
 * @param differentCollation lower-cased names of copied text columns whose collation the ALTER changes: compared
 *     character by character ({@code utf8mb4_bin}), as the two collations may not be comparable
 */
record CopySql(CopyNames names, List<String> columns, List<String> key, String keyIndex,
               java.util.Set<String> differentCollation) {

    /** SQL with its bound values, in order. */
    record Bound(String sql, List<String> binds) {
    }

    CopySql {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        differentCollation = java.util.Set.copyOf(differentCollation);
        Objects.requireNonNull(keyIndex, "keyIndex");
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    String createShadow() {
        return "CREATE TABLE " + names.q(names.shadow()) + " LIKE " + names.q(names.table());
    }

    /** The user's ALTER actions, byte for byte, applied to the empty shadow table. */
    String alterShadow(String actions) {
        return "ALTER TABLE " + names.q(names.shadow()) + " " + actions;
    }

    /** After an insert: the new row into the shadow (replacing one the copy may have put there first). */
    String insertTrigger() {
        return "CREATE TRIGGER " + names.q(names.insertTrigger()) + " AFTER INSERT ON " + names.q(names.table())
                + " FOR EACH ROW " + replaceNew();
    }

    /**
     * After an update: the shadow's row of the old key removed, the new row written. Deleting by the old key
     * (not REPLACE alone) keeps the shadow right when the update changes the key, or when the ALTER changed
     * the shadow's own unique keys.
     */
    String updateTrigger() {
        return "CREATE TRIGGER " + names.q(names.updateTrigger()) + " AFTER UPDATE ON " + names.q(names.table())
                + " FOR EACH ROW BEGIN DELETE FROM " + names.q(names.shadow()) + " WHERE " + matchesOld() + "; "
                + replaceNew() + "; END";
    }

    String deleteTrigger() {
        return "CREATE TRIGGER " + names.q(names.deleteTrigger()) + " AFTER DELETE ON " + names.q(names.table())
                + " FOR EACH ROW DELETE FROM " + names.q(names.shadow()) + " WHERE " + matchesOld();
    }

    /**
     * Delete first, then update, then insert, pt-online-schema-change's order: only the update and insert
     * triggers put rows into the shadow, so no row reaches it before its later deletes and updates are mirrored
     * too. (Insert first would let an insert reach the shadow and a delete of that row, before the delete
     * trigger existed, leave it there.) Rows inserted before the insert trigger are copied.
     */
    List<String> createTriggers() {
        return List.of(deleteTrigger(), updateTrigger(), insertTrigger());
    }

    String dropTrigger(String trigger) {
        return "DROP TRIGGER IF EXISTS " + names.q(trigger);
    }

    private String replaceNew() {
        return "REPLACE INTO " + names.q(names.shadow()) + " (" + list(columns, CopyNames::quote) + ") VALUES ("
                + list(columns, c -> "NEW." + quote(c)) + ")";
    }

    private String matchesOld() {
        return String.join(" AND ", key.stream().map(k -> quote(k) + " <=> OLD." + quote(k)).toList());
    }

    /** The largest key now; rows inserted after it reach the shadow through the insert trigger. */
    String maxKey() {
        return "SELECT " + list(key, CopyNames::quote) + " FROM " + names.q(names.table()) + " ORDER BY "
                + list(key, k -> quote(k) + " DESC") + " LIMIT 1";
    }

    /** The key {@code size} rows after {@code from} (or the end, when fewer are left: no row). */
    Bound nextUpper(Key from, Key max, int size) {
        Bound range = range("", from, max);
        return new Bound("SELECT " + list(key, CopyNames::quote) + " FROM " + names.q(names.table()) + " FORCE INDEX ("
                + quote(keyIndex) + ") WHERE " + range.sql() + " ORDER BY " + list(key, CopyNames::quote)
                + " LIMIT 1 OFFSET " + (size - 1), range.binds());
    }

    /**
     * One chunk: the original's rows of {@code (from, upper]}, read with shared locks (a writer's change to
     * them waits for the chunk's commit, or the chunk for the writer's: never interleaved), into the shadow;
     * a row the triggers put there first is newer and stays (the no-op ON DUPLICATE KEY UPDATE). Not INSERT
     * IGNORE: that would also turn a value the new column type cannot hold into a silent truncation.
     */
    Bound copyChunk(Key from, Key upper) {
        Bound range = range("", from, upper);
        String k = quote(key.get(0));
        return new Bound("INSERT INTO " + names.q(names.shadow()) + " (" + list(columns, CopyNames::quote) + ") SELECT "
                + list(columns, CopyNames::quote) + " FROM " + names.q(names.table()) + " FORCE INDEX ("
                + quote(keyIndex) + ") WHERE " + range.sql() + " LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE "
                + names.q(names.shadow()) + "." + k + " = " + names.q(names.shadow()) + "." + k, range.binds());
    }

    /**
     * One chunk compared, in one consistent snapshot: rows in the original's range, rows in the shadow's, and
     * rows present in both with every copied column equal ({@code <=>}: the server's own comparison, so a type
     * change that keeps the value compares equal and a truncation does not). Equal tables give three equal counts.
     */
    Bound compareChunk(Key from, Key upper) {
        Bound o = range("o.", from, upper);
        Bound n = range("n.", from, upper);
        String join = String.join(" AND ", key.stream().map(c -> "n." + quote(c) + " = o." + quote(c)).toList());
        String same = String.join(" AND ", columns.stream().map(this::equal).toList());
        List<String> binds = new ArrayList<>(o.binds());
        binds.addAll(n.binds());
        binds.addAll(o.binds());
        return new Bound("SELECT (SELECT COUNT(*) FROM " + names.q(names.table()) + " o WHERE " + o.sql() + "),"
                + " (SELECT COUNT(*) FROM " + names.q(names.shadow()) + " n WHERE " + n.sql() + "),"
                + " (SELECT COUNT(*) FROM " + names.q(names.table()) + " o JOIN " + names.q(names.shadow()) + " n ON "
                + join + " WHERE " + o.sql() + " AND " + same + ")", binds);
    }

    private String equal(String column) {
        String c = quote(column);
        if (differentCollation.contains(column.toLowerCase(java.util.Locale.ROOT))) {
            return "CONVERT(o." + c + " USING utf8mb4) COLLATE utf8mb4_bin <=> CONVERT(n." + c
                    + " USING utf8mb4) COLLATE utf8mb4_bin";
        }
        return "o." + c + " <=> n." + c;
    }

    /** The cut-over: both renames in one statement, which the server applies atomically. */
    String swap() {
        return "RENAME TABLE " + names.q(names.table()) + " TO " + names.q(names.old()) + ", "
                + names.q(names.shadow()) + " TO " + names.q(names.table());
    }

    String analyzeShadow() {
        return "ANALYZE TABLE " + names.q(names.shadow());
    }

    String dropTable(String table) {
        return "DROP TABLE IF EXISTS " + names.q(table);
    }

    /**
     * Rows with key in {@code (from, upper]}, written lexicographically over the key columns
     * ({@code a > ? OR (a = ? AND b > ?)}), {@code from} null meaning from the start.
     */
    Bound range(String alias, Key from, Key upper) {
        List<String> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            sql.append(compare(alias, from, ">", false, binds)).append(" AND ");
        }
        sql.append(compare(alias, upper, "<", true, binds));
        return new Bound(sql.toString(), binds);
    }

    private String compare(String alias, Key value, String op, boolean inclusive, List<String> binds) {
        int n = key.size();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder term = new StringBuilder();
            for (int j = 0; j < i; j++) {
                term.append(alias).append(quote(key.get(j))).append(" = ? AND ");
                binds.add(value.values().get(j));
            }
            term.append(alias).append(quote(key.get(i))).append(' ').append(inclusive && i == n - 1 ? op + "=" : op)
                    .append(" ?");
            binds.add(value.values().get(i));
            terms.add(term.toString());
        }
        return n == 1 ? terms.get(0) : "((" + String.join(") OR (", terms) + "))";
    }

    private static String list(List<String> items, Function<String, String> each) {
        return String.join(", ", items.stream().map(each).toList());
    }
}
