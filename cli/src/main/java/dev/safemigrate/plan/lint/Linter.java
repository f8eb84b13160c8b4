package dev.safemigrate.plan.lint;

import dev.safemigrate.plan.Risk;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The squawk rules the driver's own rules and policies do not already act on (docs/plan.md, "squawk's rules, side by side"), as advice on
 * each statement of a migration file. Reads the driver's tokens only (no catalog), flags only shapes it
 * recognises, and keeps the state of one unit (a Flyway migration file): the transaction Flyway runs it in, the
 * explicit BEGIN/COMMIT seen, the constraints added NOT VALID in the open transaction. Call
 * {@link #beginUnit} for each file, then {@link #check} for its statements in order. Not thread-safe.
 */
public final class Linter {
    static final String PREFER_BIGINT = "prefer-bigint";
    static final String PREFER_IDENTITY = "prefer-identity";
    static final String PREFER_TEXT = "prefer-text";
    static final String BAN_CHAR = "ban-char";
    static final String PREFER_TIMESTAMPTZ = "prefer-timestamptz";
    static final String REQUIRED_COLUMN = "required-column";
    static final String COLUMN_FOREIGN_KEY = "add-column-foreign-key";
    static final String COLUMN_INDEX = "add-column-index";
    static final String VALIDATE_IN_TRANSACTION = "validate-in-transaction";
    static final String DROP_NOT_NULL = "drop-not-null";
    static final String TRUNCATE_CASCADE = "truncate-cascade";
    static final String DROP_DATABASE = "ban-drop-database";
    static final String DOMAIN_CONSTRAINT = "domain-constraint";
    static final String ENUM_VALUE_ORDER = "enum-value-order";
    static final String DETACH_PARTITION = "detach-partition-concurrently";
    static final String IDENTIFIER_TOO_LONG = "identifier-too-long";
    public static final String PREFER_ROBUST = "prefer-robust";
    static final String TRANSACTION_NESTING = "transaction-nesting";
    static final String UNCOMMITTED = "uncommitted-transaction";
    static final String CONCURRENT_IN_TRANSACTION = "concurrent-in-transaction";
    static final String DUPLICATE_COLUMN = "duplicate-column";

    private static final List<LintRule> RULES = List.of(
            new LintRule(PREFER_BIGINT, "prefer-bigint-over-int, prefer-bigint-over-smallint (formerly prefer-big-int)",
                    "a new or retyped column of a 16- or 32-bit integer type (PostgreSQL int/smallint/serial…,"
                            + " MySQL int/mediumint/smallint)"),
            new LintRule(PREFER_IDENTITY, "prefer-identity", "a serial/bigserial/smallserial column (PostgreSQL)"),
            new LintRule(PREFER_TEXT, "prefer-text-field", "a varchar(n) column (PostgreSQL)"),
            new LintRule(BAN_CHAR, "ban-char-field", "a char(n)/character/bpchar column (PostgreSQL)"),
            new LintRule(PREFER_TIMESTAMPTZ, "prefer-timestamptz",
                    "a timestamp [without time zone] column (PostgreSQL)"),
            new LintRule(REQUIRED_COLUMN, "adding-required-field",
                    "ADD COLUMN … NOT NULL without a DEFAULT (or identity, generated, serial) on an existing table"),
            new LintRule(COLUMN_FOREIGN_KEY, "adding-foreign-key-constraint (the ADD COLUMN … REFERENCES form)",
                    "ADD COLUMN … REFERENCES on an existing table (PostgreSQL)"),
            new LintRule(COLUMN_INDEX, "adding-serial-primary-key-field, disallowed-unique-constraint (their ADD COLUMN"
                    + " forms)", "ADD COLUMN … PRIMARY KEY or UNIQUE on an existing table (PostgreSQL)"),
            new LintRule(VALIDATE_IN_TRANSACTION, "constraint-missing-not-valid (its same-transaction case)",
                    "VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID (PostgreSQL)"),
            new LintRule(DROP_NOT_NULL, "ban-drop-not-null", "ALTER COLUMN … DROP NOT NULL (PostgreSQL)"),
            new LintRule(TRUNCATE_CASCADE, "ban-truncate-cascade", "TRUNCATE … CASCADE (PostgreSQL)"),
            new LintRule(DROP_DATABASE, "ban-drop-database", "DROP DATABASE (MySQL: also DROP SCHEMA)"),
            new LintRule(DOMAIN_CONSTRAINT, "ban-create-domain-with-constraint, ban-alter-domain-with-add-constraint",
                    "CREATE DOMAIN with a constraint, ALTER DOMAIN … ADD (PostgreSQL)"),
            new LintRule(ENUM_VALUE_ORDER, "require-enum-value-ordering",
                    "ALTER TYPE … ADD VALUE without BEFORE or AFTER (PostgreSQL)"),
            new LintRule(DETACH_PARTITION, "require-concurrent-partition-detach",
                    "ALTER TABLE … DETACH PARTITION without CONCURRENTLY (PostgreSQL)"),
            new LintRule(IDENTIFIER_TOO_LONG, "identifier-too-long",
                    "a name longer than 63 bytes in a DDL statement, which PostgreSQL truncates"),
            new LintRule(PREFER_ROBUST, "prefer-robust-stmts",
                    "outside a transaction, a CREATE/DROP/ADD COLUMN/DROP COLUMN/DROP CONSTRAINT without IF [NOT]"
                            + " EXISTS, so a failed run cannot simply be re-run (PostgreSQL)"),
            new LintRule(TRANSACTION_NESTING, "transaction-nesting",
                    "BEGIN inside a transaction, COMMIT/ROLLBACK without one or ending Flyway's (PostgreSQL)"),
            new LintRule(UNCOMMITTED, "ban-uncommitted-transaction",
                    "BEGIN with no COMMIT or ROLLBACK after it in the file (PostgreSQL)"),
            new LintRule(CONCURRENT_IN_TRANSACTION, "ban-concurrent-index-creation-in-transaction",
                    "… CONCURRENTLY, VACUUM, CREATE/DROP DATABASE after an explicit BEGIN: fails with 25001"
                            + " (PostgreSQL)"),
            new LintRule(DUPLICATE_COLUMN, "ban-duplicate-column-assignments",
                    "a column named twice in a CREATE TABLE, an INSERT's column list or an UPDATE's SET: fails with"
                            + " 42701 (PostgreSQL)"));

    private final Dialect dialect;
    private final Set<String> excluded;
    private final UnitTransaction transaction = new UnitTransaction();

    /**
     * @param excluded rule names not to report (as {@link #rules()} names them; unknown names are the caller's to
     *     reject, see {@link #unknown})
     */
    public Linter(Dialect dialect, Set<String> excluded) {
        this.dialect = dialect;
        this.excluded = Set.copyOf(excluded);
    }

    /** Every lint rule, in the order of docs/plan.md, "squawk's rules, side by side". */
    public static List<LintRule> rules() {
        return RULES;
    }

    /** The names in {@code names} that are no lint rule (for {@code --exclude}'s usage error). */
    public static Set<String> unknown(Set<String> names) {
        Set<String> out = new LinkedHashSet<>(names);
        RULES.forEach(r -> out.remove(r.name()));
        return out;
    }

    /**
     * Starts a unit: one migration file.
     *
     * @param statements its statements, in order (for a BEGIN: is a COMMIT further down)
     * @param runsInTransaction the migration tool wraps the file in one transaction (Flyway on PostgreSQL does,
     *     unless the file holds a statement that cannot run in one: see {@link #flywayWraps})
     */
    public void beginUnit(List<SqlStatement> statements, boolean runsInTransaction) {
        transaction.begin(statements, runsInTransaction);
    }

    /**
     * Whether Flyway runs these statements in one transaction on PostgreSQL: not when one of them cannot run inside
     * a transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, CREATE/DROP DATABASE…), which
     * Flyway's parser detects. Always false on MySQL/MariaDB, whose DDL commits by itself.
     */
    public static boolean flywayWraps(Dialect dialect, List<SqlStatement> statements) {
        if (dialect != Dialect.POSTGRESQL) {
            return false;
        }
        for (SqlStatement s : statements) {
            if (cannotRunInTransaction(s)) {
                return false;
            }
        }
        return true;
    }

    private static boolean cannotRunInTransaction(SqlStatement s) {
        if (!s.isDdl()) {
            return false;
        }
        DdlKind k = s.ddlKind();
        SqlCursor c = s.tokens();
        return ((k == DdlKind.CREATE_INDEX || k == DdlKind.DROP_INDEX || k == DdlKind.REINDEX) && s.concurrently())
                || k == DdlKind.VACUUM
                || ((k == DdlKind.CREATE_OTHER || k == DdlKind.DROP_OTHER) && c.isWord(1, "DATABASE"));
    }

    /**
     * The advice on the unit's next statement.
     *
     * @param createdInUnit whether a table was created earlier in these migrations (new and empty: the advice about
     *     existing rows and running code does not apply)
     */
    public List<Advice> check(SqlStatement s, Predicate<QualifiedName> createdInUnit) {
        transaction.at(s);
        List<Advice> out = new ArrayList<>();
        boolean pg = dialect == Dialect.POSTGRESQL;
        if (pg && s.kind() == StatementKind.TRANSACTION) {
            add(out, transaction.control(s));
        } else if (pg && s.kind() == StatementKind.DML) {
            StatementChecks.duplicates(s, out);
        } else if (s.isDdl()) {
            boolean created = s.target() != null && createdInUnit.test(s.target());
            out.addAll(TypeChecks.check(s));
            StatementChecks.requiredColumns(s, created, out);
            StatementChecks.dropDatabase(s, out);
            if (pg) {
                postgres(s, created, out);
            }
        }
        out.removeIf(a -> excluded.contains(a.rule()));
        return out;
    }

    private void postgres(SqlStatement s, boolean created, List<Advice> out) {
        if (transaction.explicitlyOpen() && cannotRunInTransaction(s)) {
            out.add(new Advice(CONCURRENT_IN_TRANSACTION, Risk.DANGER, "it cannot run inside a transaction block"
                    + " and the BEGIN above opened one: it fails with SQLSTATE 25001; end the transaction first (put"
                    + " it in a file of its own without BEGIN)"));
        }
        StatementChecks.alterTable(s, created, out);
        add(out, transaction.validation(s, created));
        StatementChecks.truncateCascade(s, out);
        StatementChecks.domain(s, out);
        StatementChecks.enumValue(s, out);
        StatementChecks.identifiers(s, out);
        StatementChecks.duplicates(s, out);
        if (!transaction.inTransaction()) {
            add(out, RobustStatements.check(s, created));
        }
    }

    private static void add(List<Advice> out, Advice advice) {
        if (advice != null) {
            out.add(advice);
        }
    }
}
