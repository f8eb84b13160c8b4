package dev.safemigrate.plan.lint;

import dev.safemigrate.plan.Risk;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.Truncate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The advice that one statement's tokens decide alone, without the unit's state: required and referencing new
 * columns, DROP NOT NULL, DETACH PARTITION, TRUNCATE CASCADE, DROP DATABASE, domains with constraints, enum values,
 * long names and duplicate columns.
 */
final class StatementChecks {
    private StatementChecks() {
    }

    /** squawk's adding-required-field: ADD COLUMN … NOT NULL with nothing that fills the existing rows. */
    static void requiredColumns(SqlStatement s, boolean created, List<Advice> out) {
        if (created || s.ddlKind() != DdlKind.ALTER_TABLE) {
            return;
        }
        SqlCursor c = s.tokens();
        for (ColumnDefinitions.Column col : ColumnDefinitions.of(s)) {
            if (!col.added()) {
                continue;
            }
            ColumnType type = ColumnType.at(c, col.type());
            boolean filled = c.findTopLevelWord(col.type(), col.end(), "DEFAULT") >= 0
                    || c.findTopLevelWord(col.type(), col.end(), "GENERATED") >= 0
                    || c.findTopLevelWord(col.type(), col.end(), "AUTO_INCREMENT") >= 0
                    || (type != null && type.name().contains("serial"));
            if (!filled && notNull(c, col.type(), col.end())) {
                out.add(s.dialect() == Dialect.POSTGRESQL
                        ? new Advice(Linter.REQUIRED_COLUMN, Risk.DANGER, "column " + col.column() + " is NOT NULL"
                                + " without a DEFAULT: it fails on a table that has rows (23502), and running code that"
                                + " inserts without it fails too; add it nullable, or with a constant DEFAULT")
                        : new Advice(Linter.REQUIRED_COLUMN, Risk.WARNING, "column " + col.column() + " is NOT NULL"
                                + " without a DEFAULT: existing rows get the type's implicit default, and running code"
                                + " that inserts without it fails in strict mode; add it nullable, or with a DEFAULT"));
            }
        }
    }

    static boolean notNull(SqlCursor c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (c.isWords(k, "NOT", "NULL")) {
                return true;
            }
        }
        return false;
    }

    /** ADD COLUMN … REFERENCES / PRIMARY KEY / UNIQUE, ALTER COLUMN … DROP NOT NULL, DETACH PARTITION without CONCURRENTLY (PostgreSQL). */
    static void alterTable(SqlStatement s, boolean created, List<Advice> out) {
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            return;
        }
        SqlCursor c = alter.tokens();
        for (ColumnDefinitions.Column col : ColumnDefinitions.of(s)) {
            if (col.added() && !created && c.findTopLevelWord(col.type(), col.end(), "REFERENCES") >= 0) {
                out.add(new Advice(Linter.COLUMN_FOREIGN_KEY, Risk.DANGER, "column " + col.column() + "'s REFERENCES"
                        + " is validated by reading every row of the table under the ADD COLUMN's ACCESS EXCLUSIVE lock"
                        + " (no reads or writes) and a SHARE ROW EXCLUSIVE lock on the referenced table (no writes); add"
                        + " the column, then ADD CONSTRAINT … FOREIGN KEY in its own statement (the driver adds it NOT"
                        + " VALID and validates it without blocking)"));
            }
        }
        for (ColumnDefinitions.Column col : ColumnDefinitions.of(s)) {
            boolean primary = c.findTopLevelWord(col.type(), col.end(), "PRIMARY") >= 0;
            if (col.added() && !created && (primary || c.findTopLevelWord(col.type(), col.end(), "UNIQUE") >= 0)) {
                out.add(new Advice(Linter.COLUMN_INDEX, Risk.DANGER, "column " + col.column() + "'s "
                        + (primary ? "PRIMARY KEY" : "UNIQUE") + " builds its index over the whole table under the ADD"
                        + " COLUMN's ACCESS EXCLUSIVE lock (no reads or writes); add the column, then ADD CONSTRAINT … "
                        + (primary ? "PRIMARY KEY" : "UNIQUE") + " in its own statement (the driver builds the index"
                        + " CONCURRENTLY and attaches it)"));
            }
        }
        for (AlterTable.Action a : alter.actions()) {
            int i = a.from();
            if (c.isWord(i, "ALTER")) {
                int col = c.isWord(i + 1, "COLUMN") ? i + 2 : i + 1;
                if (!created && c.isName(col) && c.isWords(col + 1, "DROP", "NOT", "NULL")) {
                    out.add(new Advice(Linter.DROP_NOT_NULL, Risk.WARNING, "column " + c.text(col) + " may now hold"
                            + " NULL: running code that assumes it never does breaks, and setting it back needs every"
                            + " row checked"));
                }
            } else if (c.isWords(i, "DETACH", "PARTITION") && c.findWord(i + 2, a.to(), "CONCURRENTLY") < 0
                    && c.findWord(i + 2, a.to(), "FINALIZE") < 0) {
                out.add(new Advice(Linter.DETACH_PARTITION, Risk.WARNING, "DETACH PARTITION takes an ACCESS EXCLUSIVE"
                        + " lock on the partitioned table; DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+, outside a"
                        + " transaction) does not block its reads and writes"));
            }
        }
    }

    static void truncateCascade(SqlStatement s, List<Advice> out) {
        Truncate truncate = Truncate.of(s);
        if (truncate != null && truncate.cascade()) {
            out.add(new Advice(Linter.TRUNCATE_CASCADE, Risk.WARNING, "CASCADE also empties every table with a"
                    + " foreign key to it, and theirs, which this statement does not name; list the tables instead"));
        }
    }

    /** DROP DATABASE; on MySQL/MariaDB also its synonym DROP SCHEMA. */
    static void dropDatabase(SqlStatement s, List<Advice> out) {
        SqlCursor c = s.tokens();
        if (s.ddlKind() == DdlKind.DROP_OTHER
                && (c.isWord(1, "DATABASE") || (s.dialect() == Dialect.MYSQL && c.isWord(1, "SCHEMA")))) {
            out.add(new Advice(Linter.DROP_DATABASE, Risk.DANGER, "drops a whole database and all its data; a"
                    + " migration should not do this (and on PostgreSQL it cannot run inside a transaction)"));
        }
    }

    /** squawk's ban-create-domain-with-constraint and ban-alter-domain-with-add-constraint. */
    static void domain(SqlStatement s, List<Advice> out) {
        SqlCursor c = s.tokens();
        boolean create = c.isWords(0, "CREATE", "DOMAIN") && (c.findTopLevelWord(2, "CHECK") >= 0
                || c.findTopLevelWord(2, "CONSTRAINT") >= 0 || notNull(c, 2, c.size()));
        boolean alter = c.isWords(0, "ALTER", "DOMAIN") && c.isName(2) && c.isWord(c.nameEnd(2), "ADD");
        if (create || alter) {
            out.add(new Advice(Linter.DOMAIN_CONSTRAINT, Risk.WARNING, "a domain's constraint is checked against"
                    + " every column of that domain, and changing it later cannot be done online; put the constraint"
                    + " on the table's columns (CHECK … NOT VALID, then VALIDATE)"));
        }
    }

    /** squawk's require-enum-value-ordering: ALTER TYPE … ADD VALUE 'v' without BEFORE or AFTER. */
    static void enumValue(SqlStatement s, List<Advice> out) {
        SqlCursor c = s.tokens();
        if (!c.isWords(0, "ALTER", "TYPE") || !c.isName(2)) {
            return;
        }
        int i = c.nameEnd(2);
        if (!c.isWords(i, "ADD", "VALUE")) {
            return;
        }
        i += 2;
        if (c.isWords(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        if (c.isString(i) && !c.isWord(i + 1, "BEFORE") && !c.isWord(i + 1, "AFTER")) {
            out.add(new Advice(Linter.ENUM_VALUE_ORDER, Risk.WARNING, "the new value " + c.text(i) + " sorts after"
                    + " every existing one, which comparisons and ORDER BY on the enum see; say where it goes with"
                    + " BEFORE or AFTER"));
        }
    }

    /** squawk's identifier-too-long: PostgreSQL truncates names to 63 bytes (NAMEDATALEN - 1). */
    static void identifiers(SqlStatement s, List<Advice> out) {
        SqlCursor c = s.tokens();
        Set<String> longNames = new LinkedHashSet<>();
        for (int k = 0; k < c.size(); k++) {
            if (c.isName(k) && !c.isString(k) && c.folded(k).getBytes(StandardCharsets.UTF_8).length > 63) {
                longNames.add(c.folded(k));
            }
        }
        if (!longNames.isEmpty()) {
            out.add(new Advice(Linter.IDENTIFIER_TOO_LONG, Risk.WARNING, String.join(", ", longNames) + ": longer"
                    + " than 63 bytes, PostgreSQL truncates it (with a notice only), so the object gets another name"
                    + " than the one written; shorten it"));
        }
    }

    /** squawk's ban-duplicate-column-assignments (PostgreSQL). */
    static void duplicates(SqlStatement s, List<Advice> out) {
        Set<String> twice = DuplicateColumns.of(s);
        if (!twice.isEmpty()) {
            out.add(new Advice(Linter.DUPLICATE_COLUMN, Risk.DANGER, String.join(", ", twice) + ": named twice,"
                    + " PostgreSQL rejects the statement (42701) and the migration stops here; name each column once"));
        }
    }
}
