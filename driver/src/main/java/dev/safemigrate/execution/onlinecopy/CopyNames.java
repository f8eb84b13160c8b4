package dev.safemigrate.execution.onlinecopy;

import java.sql.SQLException;

/**
 * The names an online copy of one table uses, pt-online-schema-change's way: {@code _t_new} (the shadow),
 * {@code _t_old} (the original after the swap), triggers {@code _t_ins}, {@code _t_upd}, {@code _t_del}.
 * Every name is derived from the table's, so a re-run after a crash finds what the first run left.
 *
 * @param schema the table's schema (database)
 * @param table the table's name
 */
record CopyNames(String schema, String table) {
    /** MySQL's and MariaDB's limit on table and trigger names. */
    static final int MAX_NAME = 64;

    static CopyNames of(String schema, String table) throws SQLException {
        CopyNames names = new CopyNames(schema, table);
        if (names.old().length() > MAX_NAME) {
            throw new SQLException("safemigrate: the online copy cannot name its shadow table for `" + table + "`: _"
                    + table + "_old is longer than " + MAX_NAME + " characters. Nothing was changed.", "42000");
        }
        return names;
    }

    String shadow() {
        return "_" + table + "_new";
    }

    String old() {
        return "_" + table + "_old";
    }

    String insertTrigger() {
        return "_" + table + "_ins";
    }

    String updateTrigger() {
        return "_" + table + "_upd";
    }

    String deleteTrigger() {
        return "_" + table + "_del";
    }

    String[] triggers() {
        return new String[] {insertTrigger(), updateTrigger(), deleteTrigger()};
    }

    /** {@code `schema`.`name`}. */
    String q(String name) {
        return quote(schema) + "." + quote(name);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
