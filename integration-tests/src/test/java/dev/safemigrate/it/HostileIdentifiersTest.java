package dev.safemigrate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every identifier the driver writes into SQL of its own (index and helper-constraint names, the batching key
 * columns and key values, online-copy shadow tables and triggers) taken from hostile names: double quotes,
 * backticks, single quotes, {@code ;}, {@code --}, {@code /*}, spaces, mixed case, non-ASCII, and names at the
 * servers' length limits (PostgreSQL 63 bytes, MySQL/MariaDB 64 characters). Each statement runs once through the
 * bare driver and once, on the same fresh schema, through safemigrate with its rewrite forced (minRows=0): the
 * log must show that the rule rewrote it, and the schema afterwards — every table, column, index (valid or not),
 * constraint, trigger, function and row, safemigrate's own journal tables left out — must be the bare driver's,
 * with the canary table and its row untouched. An injected statement would show up as a difference there.
 */
class HostileIdentifiersTest {
    /** Quotes of both kinds, an apostrophe, a statement end, both comment openers, spaces, mixed case. */
    static final String NASTY = "Ta\"b`le's ;-- /*x";
    static final String UNICODE = "MiXed Ünïcødé 名前";
    /** Primary-key values the batching writes as literals. */
    static final List<String> KEYS = List.of("a'b", "x\\", "'); DROP TABLE canary; --", "\"q\"", "back`tick", "名前",
            "", "\\'", "z");
    static final String FORCE = "safemigrate.rewrite.minRows=0&safemigrate.batch.minRows=0&safemigrate.batch.minSize=1"
            + "&safemigrate.batch.maxSize=3&safemigrate.batch.targetTime=10ms";

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract String q(String identifier);

        /** Empties the class's schema (database) and makes it again: both runs start from the same nothing. */
        abstract void resetSchema() throws SQLException;

        /** Everything in the schema but safemigrate's own tables, as text. */
        abstract String snapshot(List<String> tables) throws SQLException;

        /** A table {@code name} with a text key, an int column {@code column}, and rows keyed by {@link #KEYS}. */
        List<String> table(String name, String column) {
            List<String> sql = new ArrayList<>();
            sql.add("CREATE TABLE " + q(name) + " (" + q(k(name)) + " varchar(40) PRIMARY KEY, "
                    + q(column) + " int, " + q(n(name)) + " int NOT NULL)");
            StringBuilder rows = new StringBuilder("INSERT INTO " + q(name) + " VALUES ");
            for (int i = 0; i < KEYS.size(); i++) {
                rows.append(i == 0 ? "" : ", ").append('(').append(literal(KEYS.get(i))).append(", ").append(i)
                        .append(", ").append(i * 10).append(')');
            }
            sql.add(rows.toString());
            return sql;
        }

        abstract String literal(String value);

        /** The server's limit on a name, in bytes (MySQL's is 64 characters: 64 bytes is within it). */
        abstract int maxName();

        /** The key column of table {@code name}. */
        String k(String name) {
            return LimitedNames.fit("k " + name, maxName());
        }

        /** The NOT NULL int column of table {@code name}, which the batched UPDATE changes. */
        String n(String name) {
            return LimitedNames.fit("n " + name, maxName());
        }

        /**
         * Runs {@code setup} then {@code statements} bare, then the same through safemigrate with {@code params}:
         * same schema, same rows, canary untouched, and the log names {@code rule} (the rewrite happened).
         */
        void sameAsBare(List<String> tables, List<String> setup, List<String> statements, String params, String rule)
                throws Exception {
            List<String> all = new ArrayList<>(tables);
            all.add("canary");
            resetSchema();
            run(setup, false, null);
            run(statements, false, null);
            String bare = snapshot(all);
            assertCanary();
            resetSchema();
            run(setup, false, null);
            String log = logged(() -> run(statements, true, params));
            assertThat(log).as("the rule rewrote it").contains(rule);
            assertCanary();
            assertThat(snapshot(all)).as("through safemigrate as through the bare driver: " + statements).isEqualTo(bare);
        }

        void run(List<String> statements, boolean safe, String params) throws SQLException {
            try (Connection c = safe ? db.openSafe(params) : db.openBare(); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }

        List<String> withCanary(List<String> setup) {
            List<String> sql = new ArrayList<>(List.of("CREATE TABLE canary (id int PRIMARY KEY, note varchar(20))",
                    "INSERT INTO canary VALUES (1, 'untouched')"));
            sql.addAll(setup);
            return sql;
        }

        void assertCanary() throws SQLException {
            assertThat(db.dump("SELECT id, note FROM canary")).isEqualTo("1|untouched|\n");
        }

        /** Every column of every row of {@code table}, in key order. */
        String rows(Connection c, String table) throws SQLException {
            StringBuilder b = new StringBuilder(table).append(":\n");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + q(table)
                    + " ORDER BY 1")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int k = 1; k <= n; k++) {
                        b.append(rs.getString(k)).append('|');
                    }
                    b.append('\n');
                }
            }
            return b.toString();
        }

        /** The driver's own tables are named by settings: a name that is not letters, digits and _ never gets that far. */
        @Test
        void aHostileNameForTheDriversOwnTablesIsRefusedAtConnect() throws Exception {
            resetSchema();
            run(withCanary(List.of()), false, null);
            for (String key : List.of("batch.journalTable", "onlineCopy.journalTable", "expand.stateTable")) {
                java.util.Properties props = new java.util.Properties();
                props.setProperty("user", db.user());
                props.setProperty("password", db.password());
                props.setProperty("safemigrate." + key, "j\"` ; DROP TABLE canary; --");
                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(db.safeUrl(), props).close())
                        .isInstanceOf(SQLException.class).hasMessageContaining("safemigrate." + key);
            }
            assertCanary();
        }

        @Test
        void keysetBatchesOverAHostileKeyColumnAndHostileKeyValues() throws Exception {
            for (String name : List.of(NASTY, UNICODE)) {
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("UPDATE " + q(name) + " SET " + q(n(name)) + " = " + q(n(name)) + " + 1"),
                        FORCE, "Batched UPDATE");
            }
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        /** 63 bytes: PostgreSQL's limit (it truncates longer names). */
        static final String LONG_TABLE = "t_" + "é".repeat(30) + "x";
        static final String LONG_A = "c".repeat(60) + "_a1";
        static final String LONG_B = "c".repeat(60) + "_b2";

        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String q(String identifier) {
            return '"' + identifier.replace("\"", "\"\"") + '"';
        }

        @Override
        String literal(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        @Override
        int maxName() {
            return 63;
        }

        @Override
        void resetSchema() throws SQLException {
            db.execute("DROP SCHEMA IF EXISTS " + db.schema() + " CASCADE", "CREATE SCHEMA " + db.schema());
        }

        @Override
        String snapshot(List<String> tables) throws SQLException {
            String ns = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
            String own = " AND c.relname NOT LIKE 'safemigrate%'";
            StringBuilder b = new StringBuilder(db.dump(
                    "SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = " + ns + own + " ORDER BY 1",
                    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a"
                            + " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = " + ns + own
                            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2",
                    "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready FROM pg_index i"
                            + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = " + ns + own + " ORDER BY 1",
                    "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
                            + " WHERE connamespace = " + ns + " AND conname NOT LIKE 'safemigrate%' ORDER BY 1, 2",
                    "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = " + ns
                            + " AND NOT t.tgisinternal ORDER BY 1",
                    "SELECT proname FROM pg_proc WHERE pronamespace = " + ns + " ORDER BY 1"));
            try (Connection c = db.openBare()) {
                for (String table : tables) {
                    b.append(rows(c, table));
                }
            }
            return b.toString();
        }

        @Test
        void createAndDropIndexWithHostileNames() throws Exception {
            for (String name : List.of(NASTY, UNICODE, LONG_TABLE)) {
                String index = LimitedNames.fit("i " + name, maxName());
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("CREATE INDEX " + q(index) + " ON " + q(name) + " (" + q(name + " c") + ")"),
                        FORCE, "[create-index]");
                List<String> setup = withCanary(table(name, name + " c"));
                setup.add("CREATE INDEX " + q(index) + " ON " + q(name) + " (" + q(name + " c") + ")");
                sameAsBare(List.of(name), setup, List.of("DROP INDEX " + q(index)), FORCE, "[drop-index]");
            }
        }

        @Test
        void setNotNullHelpersOfHostileAndOfLongColumnsThatShareAPrefix() throws Exception {
            for (String name : List.of(NASTY, UNICODE)) {
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("ALTER TABLE " + q(name) + " ALTER COLUMN " + q(name + " c") + " SET NOT NULL"),
                        FORCE, "[set-not-null]");
            }
            // sm_nn_<column> would pass 63 bytes: both helpers are shortened, and must not be the same name
            List<String> setup = withCanary(table("long", LONG_A));
            setup.add("ALTER TABLE long ADD COLUMN " + q(LONG_B) + " int");
            setup.add("UPDATE long SET " + q(LONG_B) + " = 1");
            sameAsBare(List.of("long"), setup, List.of(
                    "ALTER TABLE long ALTER COLUMN " + q(LONG_A) + " SET NOT NULL",
                    "ALTER TABLE long ALTER COLUMN " + q(LONG_B) + " SET NOT NULL"), FORCE, "[set-not-null]");
        }

        @Test
        void uniqueAndForeignKeyConstraintsWithHostileNames() throws Exception {
            for (String name : List.of(NASTY, UNICODE)) {
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("ALTER TABLE " + q(name) + " ADD CONSTRAINT " + q(name + " uq") + " UNIQUE ("
                                + q(name + " c") + ")"), FORCE, "[add-unique]");
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("ALTER TABLE " + q(name) + " ADD UNIQUE (" + q(name + " c") + ")"), FORCE,
                        "[add-unique]");
                List<String> setup = withCanary(table(name, name + " c"));
                setup.add("CREATE TABLE " + q(name + " parent") + " (" + q("id " + name) + " int PRIMARY KEY)");
                setup.add("INSERT INTO " + q(name + " parent") + " SELECT g FROM generate_series(0, 20) g");
                sameAsBare(List.of(name, name + " parent"), setup,
                        List.of("ALTER TABLE " + q(name) + " ADD CONSTRAINT " + q(name + " fk") + " FOREIGN KEY ("
                                + q(name + " c") + ") REFERENCES " + q(name + " parent") + " (" + q("id " + name) + ")"),
                        FORCE, "[add-foreign-key]");
            }
        }

        /**
         * A name longer than 63 bytes is truncated by PostgreSQL: the driver must find and leave alone what the
         * server calls by the truncated name, as the bare driver does (a second CREATE INDEX fails, the first index
         * stays).
         */
        @Test
        void anIndexNameBeyondTheLimitIsTheServersTruncatedName() throws Exception {
            String name = UNICODE;
            String tooLong = "i " + name + " " + "é".repeat(30); // about 90 bytes
            sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                    List.of("CREATE INDEX " + q(tooLong) + " ON " + q(name) + " (" + q(name + " c") + ")"),
                    FORCE, "[create-index]");
            List<String> setup = withCanary(table(name, name + " c"));
            setup.add("CREATE INDEX " + q(tooLong) + " ON " + q(name) + " (" + q(name + " c") + ")");
            String again = "CREATE INDEX " + q(tooLong) + " ON " + q(name) + " (" + q(n(name)) + ")";
            List<String> all = List.of(name, "canary");
            resetSchema();
            run(setup, false, null);
            assertThatThrownBy(() -> run(List.of(again), false, null)).isInstanceOf(SQLException.class);
            String bare = snapshot(all);
            resetSchema();
            run(setup, false, null);
            assertThatThrownBy(() -> run(List.of(again), true, FORCE)).isInstanceOf(SQLException.class);
            assertCanary();
            assertThat(snapshot(all)).as("the index of that (truncated) name is still there").isEqualTo(bare);
        }

        /**
         * policy.renameColumn=expand writes a new column, a trigger and its function, all named from the table and
         * the columns: not the bare driver's result by design, so checked for what it promises instead.
         */
        @Test
        void renameColumnExpansionWithHostileNames() throws Exception {
            for (String name : List.of(NASTY, UNICODE)) {
                String table = q(name);
                String from = q(name + " c");
                String to = q(name + " renamed");
                resetSchema();
                run(withCanary(table(name, name + " c")), false, null);
                String log = logged(() -> run(List.of("ALTER TABLE " + table + " RENAME COLUMN " + from + " TO " + to),
                        true, FORCE + "&safemigrate.policy.renameColumn=expand"));
                assertThat(log).contains("[expand]");
                assertThat(db.dump("SELECT " + q(k(name)) + ", " + to + " FROM " + table + " ORDER BY 1"))
                        .as("the new name has every value").isEqualTo(db.dump("SELECT " + q(k(name)) + ", " + from
                                + " FROM " + table + " ORDER BY 1"));
                db.execute("INSERT INTO " + table + " (" + q(k(name)) + ", " + from + ", " + q(n(name)) + ")"
                        + " VALUES ('new''); --', 99, 0)");
                assertThat(db.queryLong("SELECT " + to + " FROM " + table + " WHERE " + q(k(name)) + " = 'new''); --'"))
                        .as("a write through the old name, seen through the new one").isEqualTo(99);
                assertCanary();
            }
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        /** The longest table an online copy can name: _<table>_old is then 64 characters, MySQL's limit. */
        static final String LONGEST_COPYABLE = "L" + "o".repeat(56) + "ng"; // ASCII: InnoDB's file names grow 5× for é

        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String q(String identifier) {
            return '`' + identifier.replace("`", "``") + '`';
        }

        @Override
        String literal(String value) {
            return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }

        @Override
        int maxName() {
            return 64;
        }

        @Override
        void resetSchema() throws SQLException {
            db.execute("DROP DATABASE IF EXISTS " + q(db.schema()), "CREATE DATABASE " + q(db.schema()));
        }

        @Override
        String snapshot(List<String> tables) throws SQLException {
            StringBuilder b = new StringBuilder(db.dump(
                    "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                            + " AND TABLE_NAME NOT LIKE 'safemigrate%' ORDER BY 1",
                    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"));
            try (Connection c = db.openBare(); Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + q(table))) {
                        rs.next();
                        b.append(rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "")).append('\n');
                    }
                    b.append(rows(c, table));
                }
            }
            return b.toString();
        }

        /** Key values with backslashes written as literals by a session where a backslash is not an escape. */
        @Test
        void keysetBatchesWithoutBackslashEscapes() throws Exception {
            sameAsBare(List.of(NASTY), withCanary(table(NASTY, NASTY + " c")),
                    List.of("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')",
                            "UPDATE " + q(NASTY) + " SET " + q(n(NASTY)) + " = " + q(n(NASTY)) + " + 1"),
                    FORCE, "Batched UPDATE");
        }

        @Test
        void onlineDdlWithHostileNames() throws Exception {
            for (String name : List.of(NASTY, UNICODE)) {
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("CREATE INDEX " + q(name + " idx") + " ON " + q(name) + " (" + q(name + " c") + ")"),
                        FORCE, "[online-ddl]");
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("ALTER TABLE " + q(name) + " ADD COLUMN " + q(name + " new") + " int"), FORCE,
                        "[online-ddl]");
            }
        }

        @Test
        void onlineCopyOfHostileTablesUpToTheLongestItCanName() throws Exception {
            String online = FORCE + "&safemigrate.policy.copyingAlter=online&safemigrate.onlineCopy.oldTable=drop";
            for (String name : List.of(NASTY, UNICODE, LONGEST_COPYABLE)) {
                sameAsBare(List.of(name), withCanary(table(name, name + " c")),
                        List.of("ALTER TABLE " + q(name) + " ADD CONSTRAINT " + q(name + " ck") + " CHECK ("
                                + q(n(name)) + " >= 0)"), online, "[online-copy] swapped");
            }
        }

        @Test
        void aTableTooLongForTheShadowNameIsRefusedWithNothingChanged() throws Exception {
            String name = LONGEST_COPYABLE + "!"; // _<table>_old: 65 characters
            resetSchema();
            run(withCanary(table(name, "c")), false, null);
            String before = snapshot(List.of(name, "canary"));
            assertThatThrownBy(() -> run(List.of("ALTER TABLE " + q(name) + " ADD CONSTRAINT ck CHECK (c >= 0)"), true,
                    FORCE + "&safemigrate.policy.copyingAlter=online"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("cannot name its shadow table");
            assertThat(snapshot(List.of(name, "canary"))).isEqualTo(before);
        }
    }

    /** Names cut to the servers' limits the way a user would write them (at most {@code max} bytes). */
    static final class LimitedNames {
        static String fit(String name, int maxBytes) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < name.length(); ) {
                int cp = name.codePointAt(k);
                String next = new String(Character.toChars(cp));
                if ((b + next).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                    break;
                }
                b.append(next);
                k += Character.charCount(cp);
            }
            return b.toString();
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** What was written to System.err (slf4j-simple, looked up at every call) while {@code action} ran. */
    static String logged(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
            original.print(out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
