package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD [COLUMN] c type DEFAULT <expr>}: since PostgreSQL 11 a non-volatile default
 * is stored once in the catalog and the statement is instant; a volatile one ({@code random()},
 * {@code clock_timestamp()}, {@code gen_random_uuid()}, {@code nextval()}, and the {@code serial} types
 * and identity columns, whose default is {@code nextval()}) must be computed for every row, so the table
 * is rewritten under an ACCESS EXCLUSIVE lock; before 11 every non-null default did that. The plain
 * shape (one nullable column, a table with a primary key) is replaced by {@link VolatileDefaultBackfillRule};
 * what remains here falls to the policy {@code safemigrate.policy.volatileDefault}, default refuse, with the
 * recipe: add the column without default, SET DEFAULT, backfill in batches.
 *
 * <p>A function is volatile when any function of that name is ({@code pg_proc.provolatile = 'v'}; the
 * driver does not resolve overloads). Stable defaults ({@code now()}, {@code CURRENT_TIMESTAMP}) and
 * constants pass as written, silently, as do tables below {@code safemigrate.rewrite.minRows},
 * temporary tables, and tables created in the same transaction. Not covered yet: {@code GENERATED
 * ALWAYS AS (…) STORED} columns, which also rewrite the table.
 */
final class VolatileDefaultCheck implements PolicyCheck {
    private static final String[] SERIALS = {"SERIAL", "SERIAL4", "BIGSERIAL", "SERIAL8", "SMALLSERIAL", "SERIAL2"};
    /** Column constraint keywords that end a DEFAULT expression. */
    private static final String[] CONSTRAINT_WORDS = {"NOT", "NULL", "CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY",
        "REFERENCES", "GENERATED", "COLLATE", "DEFERRABLE", "INITIALLY"};
    private static final String[] TABLE_CONSTRAINTS = {"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE"};

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        List<Finding> found = new ArrayList<>();
        TableFacts table = null;
        for (AlterTable.Action action : alter.actions()) {
            int j = action.from();
            if (!c.isWord(j++, "ADD") || isAny(c, j, TABLE_CONSTRAINTS)) {
                continue;
            }
            if (c.isWord(j, "COLUMN")) {
                j++;
            }
            if (c.isWords(j, "IF", "NOT", "EXISTS")) {
                j += 3;
            }
            if (!c.isName(j) || j + 1 >= action.to()) {
                continue;
            }
            int column = j;
            String why = null;
            int defaultAt = topLevel(c, j + 1, action.to(), "DEFAULT");
            int generatedAt = topLevel(c, j + 1, action.to(), "GENERATED");
            if (isAny(c, j + 1, SERIALS)) {
                why = "a " + c.text(j + 1) + " column: its default nextval() is volatile";
            } else if (generatedAt >= 0 && identity(c, generatedAt, action.to())) {
                why = "an identity column: its default nextval() is volatile";
            } else if (defaultAt >= 0) {
                int end = defaultAt + 1;
                int depth = 0;
                for (; end < action.to(); end++) {
                    if (c.isPunct(end, '(')) {
                        depth++;
                    } else if (c.isPunct(end, ')')) {
                        depth--;
                    } else if (depth == 0 && end > defaultAt + 1 && isAny(c, end, CONSTRAINT_WORDS)) {
                        break;
                    }
                }
                if (end == defaultAt + 1) {
                    continue; // not understood
                }
                String expression = c.sql().substring(c.start(defaultAt + 1), c.end(end - 1));
                boolean isNull = end == defaultAt + 2 && c.isWord(defaultAt + 1, "NULL");
                if (isNull) {
                    continue;
                }
                if (context.catalog().majorVersion() < 11) {
                    why = "DEFAULT " + expression + " (before PostgreSQL 11 every non-null default rewrites the table)";
                } else {
                    String volatileFunction = volatileFunction(c, defaultAt + 1, end, context);
                    if (volatileFunction != null) {
                        why = "DEFAULT " + expression + " (" + volatileFunction + "() is volatile)";
                    }
                }
            }
            if (why == null) {
                continue;
            }
            if (table == null) {
                table = context.catalog().table(alter.table());
                if (!Exemptions.blocksTraffic(table, alter.table(), context)) {
                    return List.of();
                }
            }
            found.add(new Finding(Operation.VOLATILE_DEFAULT, "new column " + c.text(column) + " of table " + table.schema()
                    + "." + table.name() + " (~" + table.estimatedRows() + " rows), " + why));
        }
        return found;
    }

    /** The first function called in tokens {@code [from, to)} that is volatile, or null. */
    private static String volatileFunction(SqlCursor c, int from, int to, RuleContext context) throws SQLException {
        for (int k = from; k < to; k++) {
            if (!c.isName(k) || c.isString(k) || (k > from && c.isPunct(k - 1, '.'))) {
                continue;
            }
            int end = c.nameEnd(k);
            if (end < to && c.isPunct(end, '(')) {
                if (context.catalog().functionVolatility(c.name(k)) == 'v') {
                    return c.sql().substring(c.start(k), c.end(end - 1));
                }
            }
        }
        return null;
    }

    /** {@code GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY}. */
    private static boolean identity(SqlCursor c, int at, int to) {
        int k = at + 1;
        if (c.isWord(k, "ALWAYS")) {
            k++;
        } else if (c.isWords(k, "BY", "DEFAULT")) {
            k += 2;
        } else {
            return false;
        }
        return k + 1 < to + 1 && c.isWords(k, "AS", "IDENTITY");
    }

    private static int topLevel(SqlCursor c, int from, int to, String word) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && c.isWord(k, word)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isAny(SqlCursor c, int i, String[] words) {
        for (String w : words) {
            if (c.isWord(i, w)) {
                return true;
            }
        }
        return false;
    }
}
