package dev.safemigrate.it.differential;

import dev.safemigrate.it.db.Engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates a migration sequence from a seed: 1–3 tables with 0–300 rows, then 8–30 statements drawn
 * from a grammar of the engine's DDL and DML (indexes, constraints, columns, NOT NULL, defaults, bulk
 * UPDATE/DELETE/INSERT … SELECT with joins and subqueries, statements that fail, comments, quoting,
 * literals with {@code ;} and quotes, transactions, multi-statement strings, prepared statements).
 *
 * <p>The generator keeps a rough model of the schema so that most statements make sense; it does not
 * need to be exact, since a statement that fails is compared too (same SQLSTATE on both sides). What it
 * deliberately never generates is listed in {@link DifferentialRunner}'s javadoc (intended differences).
 */
public final class SequenceGenerator {

    private static final String[] TRICKY = {"a;b", "it's", "--not a comment", "/* not */ either", "semi;colon'quote",
            "x''y", "$$", "dollar $tag$ text", "back\\slash", "end;", "Ünïcødé", "  spaced  ", ""};

    private final Engine engine;
    private final boolean pg;
    private final Random random;
    private final List<Table> tables = new ArrayList<>();
    private final List<String> indexes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    /** Constraint definitions already added, per table: an unnamed repeat of one is an intended difference. */
    private final Set<String> unnamedConstraints = new HashSet<>();
    private final Set<String> serialExcepted = new LinkedHashSet<>();
    private final boolean keep;
    private int counter;

    private SequenceGenerator(Engine engine, long seed) {
        this.engine = engine;
        this.pg = engine == Engine.POSTGRESQL;
        // Scrambled: java.util.Random's first draws for consecutive seeds are nearly the same.
        this.random = new Random(new java.util.SplittableRandom(seed).nextLong());
        this.keep = random.nextBoolean();
    }

    /** The sequence of {@code seed} for {@code engine}: the same seed always gives the same sequence. */
    public static Sequence generate(Engine engine, long seed) {
        return new SequenceGenerator(engine, seed).build("seed=" + seed);
    }

    // ---------------------------------------------------------------- model

    static final class Column {
        String name;
        final String type;
        boolean notNull;
        final boolean numeric;

        Column(String name, String type, boolean notNull, boolean numeric) {
            this.name = name;
            this.type = type;
            this.notNull = notNull;
            this.numeric = numeric;
        }
    }

    static final class Table {
        final String name;
        final String kind;
        final List<Column> columns = new ArrayList<>();
        final List<String> key = new ArrayList<>();
        boolean hasKey;

        Table(String name, String kind) {
            this.name = name;
            this.kind = kind;
        }

        Column column(String name) {
            return columns.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow();
        }

        List<Column> nonKey() {
            return columns.stream().filter(c -> !key.contains(c.name)).toList();
        }
    }

    // ---------------------------------------------------------------- rendering helpers

    /** An identifier: quoted always when it needs it, and sometimes when it does not. */
    String q(String name) {
        boolean plain = name.matches("[a-z_][a-z0-9_]*") && !KEYWORDS.contains(name);
        if (plain && random.nextInt(3) > 0) {
            return name;
        }
        return pg ? '"' + name.replace("\"", "\"\"") + '"' : '`' + name.replace("`", "``") + '`';
    }

    private static final Set<String> KEYWORDS = Set.of("order", "user", "group", "select", "check", "table", "key");

    String literal(String text) {
        if (pg) {
            if (random.nextInt(6) == 0 && !text.contains("$q$")) {
                return "$q$" + text + "$q$";
            }
            if (random.nextInt(8) == 0 && !text.contains("$$") && !text.endsWith("$")) {
                return "$$" + text + "$$";
            }
            return "'" + text.replace("'", "''") + "'";
        }
        String escaped = text.replace("\\", "\\\\");
        return "'" + (random.nextBoolean() ? escaped.replace("'", "''") : escaped.replace("'", "\\'")) + "'";
    }

    String concat(String a, String b) {
        return pg && random.nextBoolean() ? "(" + a + " || " + b + ")" : "concat(" + a + ", " + b + ")";
    }

    String tricky() {
        return TRICKY[random.nextInt(TRICKY.length)];
    }

    String fresh(String prefix) {
        String name;
        do {
            counter++;
            name = switch (random.nextInt(6)) {
                case 0 -> prefix.substring(0, 1).toUpperCase(Locale.ROOT) + prefix.substring(1) + "Mixed" + counter;
                case 1 -> prefix + " spaced " + counter;
                default -> prefix + "_" + counter;
            };
        } while (!usedNames.add(name.toLowerCase(Locale.ROOT)));
        return name;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    Table anyTable() {
        return pick(tables);
    }

    Table keyedTable() {
        List<Table> keyed = tables.stream().filter(t -> t.hasKey).toList();
        return keyed.isEmpty() ? anyTable() : pick(keyed);
    }

    Column numericColumn(Table t) {
        List<Column> numeric = t.nonKey().stream().filter(c -> c.numeric).toList();
        return numeric.isEmpty() ? null : pick(numeric);
    }

    Column textColumn(Table t) {
        List<Column> text = t.nonKey().stream().filter(c -> !c.numeric).toList();
        return text.isEmpty() ? null : pick(text);
    }

    // ---------------------------------------------------------------- tables and rows

    private static final String[][] NAMES = {
            {"items", "Items", "order"},
            {"pairs", "Pair List", "group"},
            {"codes", "Codes", "user"},
            {"events", "Events", "select"},
            {"logs", "LogLines", "table"}};

    private List<Step> createTables() {
        List<Step> setup = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        List<Integer> kinds = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        java.util.Collections.shuffle(kinds, random);
        if (!kinds.subList(0, count).contains(0) && random.nextBoolean()) {
            kinds.set(0, 0);
        }
        for (int k = 0; k < count; k++) {
            int kind = kinds.get(k);
            String name = NAMES[kind][random.nextInt(3)];
            usedNames.add(name.toLowerCase(Locale.ROOT));
            Table t = new Table(name, NAMES[kind][0]);
            String text = pg ? "text" : "varchar(200)";
            String note = random.nextInt(4) == 0 ? "Note" : random.nextInt(4) == 0 ? "check" : "note";
            switch (kind) {
                case 0 -> {
                    add(t, "id", "int", true, true, true);
                    add(t, "n", "int", true, true, false);
                    add(t, "v", "int", false, true, false);
                    add(t, note, text, false, false, false);
                }
                case 1 -> {
                    add(t, "a", "int", true, true, true);
                    add(t, "b", "varchar(20)", true, false, true);
                    add(t, "n", "int", true, true, false);
                    add(t, note, text, false, false, false);
                }
                case 2 -> {
                    add(t, "code", "varchar(40)", true, false, true);
                    add(t, "n", "int", true, true, false);
                    add(t, "ref", "int", false, true, false);
                }
                case 3 -> {
                    add(t, "id", pg ? "serial" : "int AUTO_INCREMENT", true, true, true);
                    add(t, "src", "int", false, true, false);
                    add(t, "n", "int", true, true, false);
                }
                default -> {
                    add(t, "x", "int", false, true, false);
                    add(t, "n", "int", true, true, false);
                    add(t, note, text, false, false, false);
                }
            }
            t.hasKey = !t.key.isEmpty();
            tables.add(t);
            setup.add(Step.execute(createTableSql(t)));
            setup.addAll(rows(t));
        }
        return setup;
    }

    private void add(Table t, String name, String type, boolean notNull, boolean numeric, boolean key) {
        t.columns.add(new Column(name, type, notNull, numeric));
        if (key) {
            t.key.add(name);
        }
    }

    private String createTableSql(Table t) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(q(t.name)).append(" (");
        for (Column c : t.columns) {
            sql.append(q(c.name)).append(' ').append(c.type).append(c.notNull && !c.type.equals("serial") ? " NOT NULL" : "")
                    .append(", ");
        }
        if (t.key.isEmpty()) {
            sql.setLength(sql.length() - 2);
        } else {
            sql.append("PRIMARY KEY (").append(String.join(", ", t.key.stream().map(this::q).toList())).append(')');
        }
        return sql.append(')').toString();
    }

    private List<Step> rows(Table t) {
        int n = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(10);
            default -> random.nextInt(301);
        };
        List<Step> steps = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 1; i <= n; i++) {
            List<String> row = new ArrayList<>();
            String keyText = "";
            for (Column c : t.columns) {
                String value;
                switch (c.name) {
                    case "id" -> value = String.valueOf(i * (1 + (int) (t.name.length() % 2)));
                    case "a" -> value = String.valueOf(i % 17);
                    case "b" -> value = literal("k" + (i / 17) + (i % 5 == 0 ? ";'" : ""));
                    case "code" -> value = literal("c" + i + (i % 3 == 0 ? "'q" : "") + (i % 7 == 0 ? ";x" : ""));
                    case "x" -> value = random.nextInt(10) == 0 ? "NULL" : String.valueOf(random.nextInt(2 * n + 1));
                    case "src", "ref" -> value = random.nextInt(5) == 0 ? "NULL" : String.valueOf(1 + random.nextInt(Math.max(1, n)));
                    case "n" -> value = String.valueOf(random.nextInt(101));
                    case "v" -> value = random.nextInt(5) == 0 ? "NULL" : String.valueOf(random.nextInt(111) - 10);
                    default -> value = random.nextInt(4) == 0 ? "NULL" : literal(tricky() + i);
                }
                if (t.key.contains(c.name)) {
                    keyText += value + "|";
                }
                row.add(value);
            }
            if (!keys.add(keyText)) {
                continue;
            }
            values.add("(" + String.join(", ", row) + ")");
        }
        List<String> names = t.columns.stream().map(c -> q(c.name)).toList();
        for (int from = 0; from < values.size(); from += 100) {
            steps.add(Step.execute("INSERT INTO " + q(t.name) + " (" + String.join(", ", names) + ") VALUES "
                    + String.join(", ", values.subList(from, Math.min(values.size(), from + 100)))));
        }
        return steps;
    }

    // ---------------------------------------------------------------- the sequence

    private Sequence build(String name) {
        List<Step> setup = createTables();
        List<Step> steps = new ArrayList<>();
        int count = 8 + random.nextInt(23);
        while (steps.size() < count) {
            int r = random.nextInt(100);
            if (r < 8) {
                steps.addAll(transaction());
            } else if (r < 13) {
                steps.add(Step.execute(decorate(statement()) + ";\n" + decorate(statement())
                        + (random.nextBoolean() ? ";" : "")));
            } else if (r < 20) {
                steps.add(prepared());
            } else {
                String sql = decorate(statement());
                steps.add(random.nextInt(8) == 0 && !sql.startsWith("SELECT") ? Step.update(sql) : Step.execute(sql));
            }
        }
        return new Sequence(name, keep ? "keep" : "split", 2 + random.nextInt(40), setup, steps, serialExcepted);
    }

    /**
     * A transaction of 2–5 statements, by JDBC calls or by text. It rolls back only under {@code keep}: with
     * {@code split} a rewritten statement commits the work before it, so a rollback would differ by design.
     */
    private List<Step> transaction() {
        List<Step> steps = new ArrayList<>();
        boolean jdbc = random.nextBoolean();
        boolean rollback = keep && random.nextInt(3) == 0;
        steps.add(jdbc ? Step.call(Step.Kind.BEGIN) : Step.execute(pg || random.nextBoolean() ? "BEGIN" : "START TRANSACTION"));
        int n = 2 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            steps.add(random.nextInt(5) == 0 ? prepared() : Step.execute(decorate(statement())));
        }
        if (jdbc) {
            steps.add(Step.call(rollback ? Step.Kind.ROLLBACK : Step.Kind.COMMIT));
            steps.add(Step.call(Step.Kind.AUTOCOMMIT));
        } else {
            steps.add(Step.execute(rollback ? "ROLLBACK" : "COMMIT"));
        }
        return steps;
    }

    /** Comments around and inside a statement: line, block, nested (PostgreSQL), hints, executable (MySQL). */
    String decorate(String sql) {
        return switch (random.nextInt(12)) {
            case 0 -> "-- a comment; with 'quotes'\n" + sql;
            case 1 -> "/* block; 'not a string */ " + sql;
            case 2 -> sql + " -- trailing; comment";
            case 3 -> pg ? "/* outer /* nested; */ still comment */ " + sql : "# hash comment;\n" + sql;
            case 4 -> "/*+ hint(x) */ " + sql;
            case 5 -> sql + " /* after */";
            case 6 -> pg ? sql : "/*!40101 SET @x = 1 */;\n" + sql;
            case 7 -> "\n  " + sql + "  \n";
            default -> sql;
        };
    }

    private String statement() {
        int r = random.nextInt(100);
        if (r < 6) {
            return createTable();
        } else if (r < 14) {
            return addColumn();
        } else if (r < 26) {
            return createIndex();
        } else if (r < 30) {
            return dropIndex();
        } else if (r < 34) {
            return addCheck();
        } else if (r < 38) {
            return addForeignKey();
        } else if (r < 42) {
            return addUnique();
        } else if (r < 44) {
            return addPrimaryKey();
        } else if (r < 50) {
            return alterColumn();
        } else if (r < 52) {
            return rareDdl();
        } else if (r < 68) {
            return update();
        } else if (r < 78) {
            return delete();
        } else if (r < 90) {
            return insertSelect();
        } else if (r < 96) {
            return insertValues();
        }
        Table t = anyTable();
        return "SELECT count(*) FROM " + q(t.name);
    }

    // ---------------------------------------------------------------- DDL

    private String createTable() {
        if (random.nextInt(4) == 0) {
            Table t = anyTable();
            return "CREATE TABLE IF NOT EXISTS " + q(t.name) + " (id int)";
        }
        String name = fresh("extra");
        Table t = new Table(name, "extra");
        t.columns.add(new Column("id", "int", true, true));
        t.columns.add(new Column("n", "int", false, true));
        t.columns.add(new Column("note", pg ? "text" : "varchar(200)", false, false));
        Table source = anyTable();
        if (random.nextInt(3) == 0 && source.columns.stream().anyMatch(c -> c.name.equals("n"))) {
            // CREATE TABLE … AS SELECT: no key; rows in the server's order, compared sorted.
            t.columns.clear();
            t.columns.add(new Column("n", "int", false, true));
            t.columns.add(new Column("doubled", pg ? "int" : "bigint", false, true));
            tables.add(t);
            return "CREATE TABLE " + q(name) + " AS SELECT " + q("n") + ", " + q("n") + " * 2 AS "
                    + q("doubled") + " FROM " + q(source.name) + " WHERE " + q("n") + " > " + random.nextInt(60);
        }
        t.key.add("id");
        t.hasKey = true;
        tables.add(t);
        String ref = "";
        Table parent = tables.stream().filter(p -> p.kind.equals("items")).findFirst().orElse(null);
        if (parent != null && random.nextBoolean()) {
            t.columns.get(1).notNull = false;
            ref = " REFERENCES " + q(parent.name) + " (" + q("id") + ")";
            // Its definition is taken: an unnamed ADD FOREIGN KEY of the same would be a twin (see constraintName).
            unnamedConstraints.add(name + "|fk|(n) REFERENCES " + parent.name + " (id)");
        }
        return "CREATE TABLE " + (random.nextBoolean() ? "IF NOT EXISTS " : "") + q(name) + " (" + q("id")
                + " int PRIMARY KEY, " + q("n") + " int" + ref + ", " + q("note") + " " + (pg ? "text" : "varchar(200)")
                + " DEFAULT " + literal("d;'") + ")";
    }

    private String addColumn() {
        Table t = anyTable();
        String name = fresh("col");
        boolean numeric = random.nextBoolean();
        String type = numeric ? pick(List.of("int", "bigint", "numeric(8,2)")) : pick(List.of("varchar(30)", pg ? "text" : "varchar(100)"));
        String def = "";
        switch (random.nextInt(4)) {
            case 0 -> def = " DEFAULT " + (numeric ? String.valueOf(random.nextInt(9)) : literal(tricky()));
            case 1 -> def = pg && numeric ? " DEFAULT (" + random.nextInt(5) + " + 1)" : "";
            default -> {
            }
        }
        boolean notNull = random.nextInt(3) == 0;
        t.columns.add(new Column(name, type, notNull, numeric));
        return "ALTER TABLE " + q(t.name) + " ADD " + (random.nextBoolean() ? "COLUMN " : "") + q(name) + " " + type
                + def + (notNull ? " NOT NULL" : random.nextBoolean() ? " NULL" : "");
    }

    private String createIndex() {
        Table t = anyTable();
        boolean reuse = !indexes.isEmpty() && random.nextInt(6) == 0;
        String name = reuse ? pick(indexes) : random.nextInt(12) == 0 && usedNames.add("order") ? "order" : fresh("ix");
        boolean unique = random.nextInt(4) == 0;
        List<Column> cols = new ArrayList<>(t.columns);
        java.util.Collections.shuffle(cols, random);
        int width = 1 + random.nextInt(Math.min(2, cols.size()));
        List<String> parts = new ArrayList<>();
        for (Column c : cols.subList(0, width)) {
            String part = q(c.name);
            if (!pg && !c.numeric && random.nextBoolean()) {
                part += "(10)";
            }
            if (pg && !c.numeric && random.nextInt(4) == 0) {
                part = "lower(" + part + ")";
            } else if (pg && c.numeric && random.nextInt(5) == 0) {
                part = "(" + part + " + 1)";
            }
            if (random.nextInt(6) == 0) {
                part += " DESC";
            }
            parts.add(part);
        }
        String where = "";
        if (pg && random.nextInt(4) == 0) {
            Column c = numericColumn(t);
            where = c == null ? "" : " WHERE " + q(c.name) + " > " + random.nextInt(50);
        }
        if (!reuse) {
            indexes.add(name);
        }
        // An existing name only with IF NOT EXISTS (or on another table, where both sides fail): the driver
        // turns a repeat of the same definition into a no-op on purpose (re-runs), see DifferentialRunner.
        boolean ifNotExists = reuse || random.nextInt(4) == 0;
        return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + (ifNotExists ? "IF NOT EXISTS " : "") + q(name)
                + " ON " + q(t.name) + " (" + String.join(", ", parts) + ")" + where;
    }

    private String dropIndex() {
        boolean missing = indexes.isEmpty() || random.nextInt(5) == 0;
        String name = missing ? "no_such_index" : pick(indexes);
        boolean ifExists = random.nextBoolean();
        if (!missing) {
            indexes.remove(name);
        }
        if (pg) {
            return "DROP INDEX " + (ifExists ? "IF EXISTS " : "") + q(name);
        }
        // MySQL names the table; the model does not remember which, so try one (a wrong one fails on both sides).
        return "DROP INDEX " + (ifExists ? "IF EXISTS " : "") + q(name) + " ON " + q(anyTable().name);
    }

    /**
     * {@code CONSTRAINT <new name> }, or sometimes nothing: an unnamed constraint only when the table has no
     * constraint of that definition yet (named or not), since the driver then adds no twin ({@code …_fkey1}) on
     * purpose where PostgreSQL would (re-run convergence, docs/rules.md).
     */
    private String constraintName(String prefix, Table t, String definition) {
        String key = t.name + "|" + prefix + "|" + definition.replace("\"", "").replace("`", "").replaceAll("\\s+", " ");
        boolean firstOfItsDefinition = unnamedConstraints.add(key);
        if (random.nextInt(3) == 0 && firstOfItsDefinition) {
            return "";
        }
        return "CONSTRAINT " + q(fresh(prefix)) + " ";
    }

    private String addCheck() {
        Table t = anyTable();
        Column c = numericColumn(t);
        if (c == null) {
            return update();
        }
        String check = q(c.name) + " " + pick(List.of(">=", "<", "<>")) + " " + (random.nextInt(130) - 20);
        if (random.nextInt(4) == 0) {
            check = q(c.name) + " IS NULL OR " + check;
        }
        String name = constraintName("ck", t, check);
        return "ALTER TABLE " + q(t.name) + " ADD " + name + "CHECK (" + check + ")"
                + (pg && random.nextInt(6) == 0 ? " NOT VALID" : "");
    }

    private String addForeignKey() {
        // Not a serial key filled by an unordered INSERT … SELECT: which row got which value differs by design.
        Table parent = tables.stream().filter(p -> p.kind.equals("items") || p.kind.equals("events") && !serialExcepted.contains(p.name))
                .findAny().orElse(null);
        Table child = anyTable();
        Column c = numericColumn(child);
        if (parent == null || c == null) {
            return delete();
        }
        String def = "(" + q(c.name) + ") REFERENCES " + q(parent.name) + " (" + q("id") + ")";
        String action = switch (random.nextInt(5)) {
            case 0 -> " ON DELETE CASCADE";
            case 1 -> c.notNull ? "" : " ON DELETE SET NULL";
            default -> "";
        };
        return "ALTER TABLE " + q(child.name) + " ADD " + constraintName("fk", child, def + action) + "FOREIGN KEY "
                + def + action;
    }

    private String addUnique() {
        Table t = anyTable();
        List<Column> cols = t.nonKey();
        if (cols.isEmpty()) {
            return update();
        }
        Column c = pick(cols);
        String list = q(c.name);
        if (random.nextInt(3) == 0 && t.hasKey) {
            list = q(t.key.get(0)) + ", " + list;
        }
        return "ALTER TABLE " + q(t.name) + " ADD " + constraintName("uq", t, list) + "UNIQUE (" + list + ")";
    }

    private String addPrimaryKey() {
        Table t = anyTable();
        List<Column> cols = t.nonKey();
        if (cols.isEmpty()) {
            return update();
        }
        Column c = t.columns.stream().filter(x -> x.name.equals("x")).findFirst().orElse(pick(cols));
        String sql = "ALTER TABLE " + q(t.name) + " ADD " + constraintName("pk", t, "pk") + "PRIMARY KEY (" + q(c.name) + ")";
        if (!t.hasKey) {
            t.hasKey = true;
            t.key.add(c.name);
        }
        return sql;
    }

    private String alterColumn() {
        Table t = anyTable();
        List<Column> cols = t.nonKey();
        if (cols.isEmpty()) {
            return update();
        }
        Column c = pick(cols);
        String alter = "ALTER TABLE " + q(t.name) + " ";
        String column = random.nextBoolean() ? "ALTER COLUMN " : "ALTER ";
        int r = random.nextInt(5);
        if (pg) {
            return switch (r) {
                case 0, 1 -> {
                    c.notNull = true;
                    yield alter + column + q(c.name) + " SET NOT NULL";
                }
                case 2 -> {
                    c.notNull = false;
                    yield alter + column + q(c.name) + " DROP NOT NULL";
                }
                case 3 -> alter + column + q(c.name) + " SET DEFAULT " + (c.numeric ? String.valueOf(random.nextInt(9)) : literal(tricky()));
                default -> alter + column + q(c.name) + " DROP DEFAULT";
            };
        }
        return switch (r) {
            case 0, 1 -> {
                c.notNull = true;
                yield alter + "MODIFY " + (random.nextBoolean() ? "COLUMN " : "") + q(c.name) + " " + c.type + " NOT NULL";
            }
            case 2 -> {
                c.notNull = false;
                yield alter + "MODIFY " + q(c.name) + " " + c.type + " NULL";
            }
            case 3 -> alter + column + q(c.name) + " SET DEFAULT " + (c.numeric ? String.valueOf(random.nextInt(9)) : literal(tricky()));
            default -> alter + column + q(c.name) + " DROP DEFAULT";
        };
    }

    /** Renames, drops and TRUNCATE: policy warn runs them as written. */
    private String rareDdl() {
        Table t = anyTable();
        List<Column> cols = t.nonKey();
        int r = random.nextInt(4);
        if (r == 0 && !cols.isEmpty()) {
            Column c = pick(cols);
            String to = fresh("renamed");
            String sql = "ALTER TABLE " + q(t.name) + " RENAME COLUMN " + q(c.name) + " TO " + q(to);
            c.name = to;
            return sql;
        }
        if (r == 1 && cols.size() > 1) {
            Column c = pick(cols);
            t.columns.remove(c);
            return "ALTER TABLE " + q(t.name) + " DROP COLUMN " + q(c.name);
        }
        if (r == 2) {
            return "TRUNCATE TABLE " + q(t.name);
        }
        return "ALTER TABLE " + q(t.name) + " ADD COLUMN " + q(fresh("col")) + " int DEFAULT 1, ADD COLUMN "
                + q(fresh("col")) + " " + (pg ? "text" : "varchar(20)") + " DEFAULT " + literal(tricky());
    }

    // ---------------------------------------------------------------- DML

    String predicate(Table t) {
        Column c = numericColumn(t);
        String column = c == null ? q(t.columns.get(0).name) : q(c.name);
        int k = random.nextInt(100);
        return switch (random.nextInt(9)) {
            case 0 -> column + " < " + k;
            case 1 -> column + " >= " + k + " OR " + column + " IS NULL";
            case 2 -> column + " % 3 = " + (k % 3);
            case 3 -> column + " BETWEEN " + k + " AND " + (k + 25);
            case 4 -> "NOT (" + column + " = " + k + ")";
            case 5 -> {
                Table other = anyTable();
                Column oc = numericColumn(other);
                yield oc == null ? column + " > " + k
                        : column + " IN (SELECT " + q(oc.name) + " FROM " + q(other.name) + " WHERE " + q(oc.name) + " < " + k + ")";
            }
            case 6 -> column + " > (SELECT " + (pg ? "coalesce(avg(" + column + "), 0)" : "coalesce(avg(" + column + "), 0)")
                    + " FROM " + q(t.name) + ")";
            case 7 -> textColumn(t) == null ? column + " IS NOT NULL" : q(textColumn(t).name) + " LIKE " + literal("%;%");
            default -> "1 = 1";
        };
    }

    private String update() {
        Table t = anyTable();
        Column c = numericColumn(t);
        Column text = textColumn(t);
        String set;
        if (c != null && (text == null || random.nextBoolean())) {
            set = q(c.name) + " = " + pick(List.of(q(c.name) + " + 1", q(c.name) + " * 2 - 3", "NULL", "coalesce(" + q(c.name) + ", 0) + 5"));
            if (c.notNull && set.endsWith("NULL")) {
                set = q(c.name) + " = " + q(c.name) + " - 1";
            }
        } else if (text != null) {
            set = q(text.name) + " = " + concat("coalesce(" + q(text.name) + ", " + literal("") + ")", literal(tricky()));
        } else {
            set = q(t.columns.get(0).name) + " = " + q(t.columns.get(0).name);
        }
        int r = random.nextInt(10);
        if (r == 0 && tables.size() > 1) {
            Table other = tables.stream().filter(o -> o != t).findAny().orElseThrow();
            Column oc = numericColumn(other);
            if (c != null && oc != null) {
                String on = "t1." + q(c.name) + " = t2." + q(oc.name);
                String bump = "t1." + q(c.name) + " + 1";
                return pg ? "UPDATE " + q(t.name) + " t1 SET " + q(c.name) + " = " + bump + " FROM " + q(other.name) + " t2 WHERE " + on
                        : "UPDATE " + q(t.name) + " t1 JOIN " + q(other.name) + " t2 ON " + on + " SET t1." + q(c.name) + " = " + bump;
            }
        }
        if (r == 1 && !pg && t.hasKey) {
            return "UPDATE " + q(t.name) + " SET " + set + " ORDER BY " + keyList(t) + " LIMIT " + random.nextInt(50);
        }
        if (r == 2 && t.hasKey && t.key.get(0).equals("id") && !t.kind.equals("events")) {
            return "UPDATE " + q(t.name) + " SET " + q("id") + " = " + q("id") + " + 100000 WHERE " + q("id") + " > " + random.nextInt(200);
        }
        return "UPDATE " + q(t.name) + " SET " + set + (random.nextInt(5) == 0 ? "" : " WHERE " + predicate(t));
    }

    String keyList(Table t) {
        return String.join(", ", t.key.stream().map(this::q).toList());
    }

    private String delete() {
        Table t = anyTable();
        int r = random.nextInt(10);
        if (r == 0 && tables.size() > 1) {
            Table other = tables.stream().filter(o -> o != t).findAny().orElseThrow();
            Column c = numericColumn(t);
            Column oc = numericColumn(other);
            if (c != null && oc != null) {
                String on = "t1." + q(c.name) + " = t2." + q(oc.name);
                return pg ? "DELETE FROM " + q(t.name) + " t1 USING " + q(other.name) + " t2 WHERE " + on + " AND t2." + q(oc.name) + " < 30"
                        : "DELETE t1 FROM " + q(t.name) + " t1 JOIN " + q(other.name) + " t2 ON " + on + " WHERE t2." + q(oc.name) + " < 30";
            }
        }
        if (r == 1 && !pg && t.hasKey) {
            return "DELETE FROM " + q(t.name) + " WHERE " + predicate(t) + " ORDER BY " + keyList(t) + " LIMIT " + random.nextInt(40);
        }
        return "DELETE FROM " + q(t.name) + (random.nextInt(12) == 0 ? "" : " WHERE " + predicate(t));
    }

    private String insertSelect() {
        Table source = anyTable();
        Table events = tables.stream().filter(e -> e.kind.equals("events")).findAny().orElse(null);
        Column sc = numericColumn(source);
        if (events != null && sc != null && random.nextBoolean() && events.columns.stream().anyMatch(c -> c.name.equals("src"))
                && events.columns.stream().anyMatch(c -> c.name.equals("n"))) {
            serialExcepted.add(events.name);
            return "INSERT INTO " + q(events.name) + " (" + q("src") + ", " + q("n") + ") SELECT " + q(sc.name) + ", "
                    + "coalesce(" + q(sc.name) + ", 0) FROM " + q(source.name) + " WHERE " + predicate(source);
        }
        // Into a table of the same shape: keys copied (shifted, so that they may or may not collide).
        Table target = anyTable();
        if ((target.kind.equals(source.kind) || target == source) && !serialExcepted.contains(source.name)) {
            List<Column> cols = source.columns.stream().filter(c -> target.columns.stream().anyMatch(x -> x.name.equals(c.name))).toList();
            String names = String.join(", ", cols.stream().map(c -> q(c.name)).toList());
            String values = String.join(", ", cols.stream().map(c -> c.name.equals("id")
                    ? q("id") + " + " + pick(List.of("0", "1", "100000", "200000")) : q(c.name)).toList());
            String conflict = pg && random.nextInt(3) == 0 ? " ON CONFLICT DO NOTHING" : "";
            String ignore = !pg && random.nextInt(3) == 0 ? "IGNORE " : "";
            if (source.kind.equals("events")) {
                serialExcepted.add(target.name);
            }
            return "INSERT " + ignore + "INTO " + q(target.name) + " (" + names + ") SELECT " + values + " FROM " + q(source.name)
                    + " WHERE " + predicate(source) + conflict;
        }
        Table extra = tables.stream().filter(e -> e.kind.equals("extra") && e.hasKey).findAny().orElse(null);
        if (extra != null && sc != null) {
            return "INSERT INTO " + q(extra.name) + " (" + q("id") + ", " + q("n") + ") SELECT " + q(sc.name) + " + "
                    + random.nextInt(1000) + ", " + q(sc.name) + " FROM " + q(source.name) + " WHERE " + q(sc.name) + " IS NOT NULL AND "
                    + predicate(source);
        }
        return update();
    }

    private String insertValues() {
        Table t = anyTable();
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column c : t.columns) {
            if (c.type.contains("serial") || c.type.contains("AUTO_INCREMENT")) {
                continue;
            }
            names.add(q(c.name));
            values.add(c.numeric ? String.valueOf(random.nextInt(c.name.equals("id") ? 400 : 60)) : literal(tricky() + random.nextInt(40)));
        }
        return "INSERT INTO " + q(t.name) + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
    }

    private Step prepared() {
        Table t = anyTable();
        Column c = numericColumn(t);
        if (c == null) {
            return Step.execute(decorate(update()));
        }
        return switch (random.nextInt(3)) {
            case 0 -> Step.prepared("UPDATE " + q(t.name) + " SET " + q(c.name) + " = " + q(c.name) + " + ? WHERE " + q(c.name) + " < ?",
                    random.nextInt(5), random.nextInt(80));
            case 1 -> Step.prepared("DELETE FROM " + q(t.name) + " WHERE " + q(c.name) + " = ?", random.nextInt(100));
            default -> {
                Column text = textColumn(t);
                yield text == null ? Step.prepared("SELECT count(*) FROM " + q(t.name) + " WHERE " + q(c.name) + " > ?", random.nextInt(50))
                        : Step.prepared("UPDATE " + q(t.name) + " SET " + q(text.name) + " = ? WHERE " + q(c.name) + " % 4 = ?",
                        tricky(), random.nextInt(4));
            }
        };
    }
}
