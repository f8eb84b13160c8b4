package dev.safemigrate.plan;

import dev.safemigrate.rules.postgres.TypeChange;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL columns a migration history writes, with the type and NOT NULL it gives them: {@code CREATE
 * TABLE t (c type …)}, then {@code ADD COLUMN}, {@code ALTER COLUMN … TYPE}, {@code SET/DROP NOT NULL},
 * {@code RENAME COLUMN}, {@code DROP COLUMN}, {@code RENAME TO}, {@code DROP TABLE}. Without a database this
 * is what {@code plan} knows of a column an earlier migration created, so an {@code ALTER COLUMN … TYPE} gets a
 * verdict instead of "needs --url". A column whose definition it does not fully understand (a type outside
 * {@link TypeChange}'s list, a COLLATE clause, an array) is forgotten: the assumption then applies.
 */
final class WrittenColumns {
    /** A column as the history wrote it. */
    record Column(String written, TypeChange.Target type, boolean notNull, String createdBy) {
    }

    /** Words that end a column's type in its definition. */
    private static final Set<String> CONSTRAINT_WORDS = Set.of("NOT", "NULL", "DEFAULT", "PRIMARY", "REFERENCES",
            "UNIQUE", "CHECK", "CONSTRAINT", "COLLATE", "GENERATED", "USING");
    /** Words that start a table constraint, not a column, in CREATE TABLE's list. */
    private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK",
            "FOREIGN", "EXCLUDE", "LIKE");

    /** PostgreSQL's serial pseudo-types: the integer column they create. */
    private static final Map<String, TypeChange.Target> SERIALS = Map.of(
            "serial", new TypeChange.Target("int4", -1), "serial4", new TypeChange.Target("int4", -1),
            "bigserial", new TypeChange.Target("int8", -1), "serial8", new TypeChange.Target("int8", -1),
            "smallserial", new TypeChange.Target("int2", -1), "serial2", new TypeChange.Target("int2", -1));

    /** table → column → its definition. */
    private final Map<String, Map<String, Column>> tables = new HashMap<>();

    Column column(String table, String column) {
        Map<String, Column> columns = tables.get(table);
        return columns == null ? null : columns.get(column);
    }

    void after(SqlStatement s, String unit) {
        if (!s.isDdl() || s.target() == null) {
            return;
        }
        String table = s.target().name();
        if (s.ddlKind() == DdlKind.CREATE_TABLE) {
            tables.remove(table);
            createTable(s.tokens(), table, unit);
        } else if (s.ddlKind() == DdlKind.DROP_TABLE) {
            tables.remove(table);
        } else if (s.ddlKind() == DdlKind.ALTER_TABLE) {
            AlterTable alter = AlterTable.of(s);
            if (alter != null) {
                for (AlterTable.Action action : alter.actions()) {
                    alterAction(alter.tokens(), table, action.from(), action.to(), unit);
                }
            }
        }
    }

    private void createTable(SqlCursor c, String table, String unit) {
        int open = -1;
        for (int k = 0; k < c.sizeWithoutSemicolon(); k++) {
            if (c.isPunct(k, '(')) {
                open = k;
                break;
            }
            if (c.isWord(k, "AS") || c.isWord(k, "OF")) {
                return; // CREATE TABLE … AS SELECT, OF type, PARTITION OF: no column list
            }
        }
        int close = open < 0 ? -1 : c.closingParen(open);
        if (close < 0) {
            return;
        }
        Map<String, Column> columns = new HashMap<>();
        int start = open + 1;
        for (int k = open + 1; k <= close; k++) {
            if (c.isPunct(k, '(')) {
                k = c.closingParen(k);
                if (k < 0) {
                    return;
                }
            } else if (k == close || c.isPunct(k, ',')) {
                if (k > start && !c.isAnyWord(start, TABLE_CONSTRAINTS)) {
                    define(columns, c, start, k, unit);
                } else if (k > start && c.isWords(start, "PRIMARY", "KEY")) {
                    primaryKey(columns, c, start + 2, k);
                }
                start = k + 1;
            }
        }
        tables.put(table, columns);
    }

    private void alterAction(SqlCursor c, String table, int from, int to, String unit) {
        Map<String, Column> columns = tables.get(table);
        if (columns == null) {
            return; // a table the history did not create here: nothing known about it
        }
        int i = from;
        if (c.isWord(i, "ADD")) {
            i++;
            if (c.isWord(i, "COLUMN")) {
                i++;
            }
            if (c.isWords(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            if (!c.isAnyWord(i, TABLE_CONSTRAINTS)) {
                define(columns, c, i, to, unit);
            }
        } else if (c.isWord(i, "DROP") && !c.isWord(i + 1, "CONSTRAINT")) {
            i += c.isWord(i + 1, "COLUMN") ? 2 : 1;
            if (c.isWords(i, "IF", "EXISTS")) {
                i += 2;
            }
            if (c.isName(i)) {
                columns.remove(c.name(i).name());
            }
        } else if (c.isWords(i, "RENAME", "TO") && c.isName(i + 2)) {
            tables.put(c.name(i + 2).name(), tables.remove(table));
        } else if (c.isWord(i, "RENAME")) {
            i += c.isWord(i + 1, "COLUMN") ? 2 : 1;
            if (c.isName(i) && c.isWord(i + 1, "TO") && c.isName(i + 2)) {
                Column old = columns.remove(c.name(i).name());
                if (old != null) {
                    columns.put(c.name(i + 2).name(), old);
                }
            }
        } else if (c.isWord(i, "ALTER")) {
            i += c.isWord(i + 1, "COLUMN") ? 2 : 1;
            if (!c.isName(i)) {
                return;
            }
            String name = c.name(i).name();
            Column old = columns.get(name);
            if (old == null) {
                return;
            }
            int j = i + 1;
            if (c.isWords(j, "SET", "NOT", "NULL")) {
                columns.put(name, new Column(old.written(), old.type(), true, old.createdBy()));
            } else if (c.isWords(j, "DROP", "NOT", "NULL")) {
                columns.put(name, new Column(old.written(), old.type(), false, old.createdBy()));
            } else if (c.isWords(j, "SET", "DATA", "TYPE") || c.isWord(j, "TYPE")) {
                j += c.isWord(j, "TYPE") ? 1 : 3;
                int end = typeEnd(c, j, to);
                TypeChange.Target type = end == to || c.isWord(end, "USING") ? TypeChange.parse(c, j, end) : null;
                if (type == null) {
                    columns.remove(name);
                } else {
                    columns.put(name, new Column(c.sql().substring(c.start(j), c.end(end - 1)), type, old.notNull(),
                            unit));
                }
            }
        }
    }

    /** A column definition {@code name type [constraints]} in tokens {@code [from, to)}. */
    private static void define(Map<String, Column> columns, SqlCursor c, int from, int to, String unit) {
        if (!c.isName(from) || c.isString(from)) {
            return;
        }
        String name = c.name(from).name();
        int end = typeEnd(c, from + 1, to);
        TypeChange.Target serial = end == from + 2 ? SERIALS.get(c.folded(from + 1)) : null;
        TypeChange.Target type = serial != null ? serial : end > from + 1 ? TypeChange.parse(c, from + 1, end) : null;
        if (type == null || c.findTopLevelWord(end, to, "COLLATE") >= 0) {
            columns.remove(name);
            return;
        }
        boolean notNull = serial != null; // a serial column is NOT NULL with a sequence default
        for (int k = end; k < to; k++) {
            if (c.isWords(k, "NOT", "NULL") || c.isWords(k, "PRIMARY", "KEY")) {
                notNull = true;
            }
        }
        String written = c.sql().substring(c.start(from + 1), c.end(end - 1));
        if (serial != null) {
            written = switch (serial.typeName()) {
                case "int8" -> "bigint";
                case "int2" -> "smallint";
                default -> "integer";
            } + " (" + written + ")";
        }
        columns.put(name, new Column(written, type, notNull, unit));
    }

    /** {@code PRIMARY KEY (a, b)} as a table constraint: its columns are NOT NULL. */
    private static void primaryKey(Map<String, Column> columns, SqlCursor c, int open, int to) {
        if (!c.isPunct(open, '(')) {
            return;
        }
        int close = c.closingParen(open);
        for (int k = open + 1; k < close && close < to; k++) {
            if (c.isName(k)) {
                Column old = columns.get(c.name(k).name());
                if (old != null) {
                    columns.put(c.name(k).name(), new Column(old.written(), old.type(), true, old.createdBy()));
                }
            }
        }
    }

    /** The first top-level token of {@code [from, to)} that ends a type (a constraint word), or {@code to}. */
    private static int typeEnd(SqlCursor c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (c.isPunct(k, '(')) {
                int close = c.closingParen(k);
                if (close < 0) {
                    return to;
                }
                k = close;
            } else if (c.isAnyWord(k, CONSTRAINT_WORDS)) {
                return k;
            }
        }
        return to;
    }
}
