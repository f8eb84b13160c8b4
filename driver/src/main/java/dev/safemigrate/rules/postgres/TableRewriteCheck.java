package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code VACUUM FULL} and {@code CLUSTER} rewrite the whole table and its indexes under an ACCESS
 * EXCLUSIVE lock: no reads or writes for as long as they run, which grows with the table. Policy
 * {@code safemigrate.policy.vacuumFull} / {@code cluster}, default refuse: there is no safe form the
 * driver could send, and online tools (pg_repack, pg_squeeze) do the same job without the lock.
 * Without a table name they process every table of the database (CLUSTER: every table clustered
 * before), which always counts.
 *
 * <p>Left as written, silently: plain VACUUM (and {@code VACUUM (FULL false)}), tables below
 * {@code safemigrate.rewrite.minRows}, temporary tables, tables created in the same transaction, tables
 * that do not exist, and option lists the driver does not understand.
 */
final class TableRewriteCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() == DdlKind.VACUUM) {
            return vacuum(statement, context);
        }
        if (statement.ddlKind() == DdlKind.CLUSTER) {
            return cluster(statement, context);
        }
        return List.of();
    }

    private static List<Finding> vacuum(SqlStatement statement, RuleContext context) throws SQLException {
        SqlCursor c = SqlCursor.over(statement.text(), Dialect.POSTGRESQL);
        int i = 0;
        if (!c.isWord(i++, "VACUUM")) {
            return List.of();
        }
        Boolean full = Boolean.FALSE;
        if (c.isPunct(i, '(')) {
            int close = c.closingParen(i);
            if (close < 0) {
                return List.of();
            }
            full = fullOption(c, i + 1, close);
            if (full == null) {
                return List.of();
            }
            i = close + 1;
        } else {
            while (c.isWord(i, "FULL") || c.isWord(i, "FREEZE") || c.isWord(i, "VERBOSE") || c.isWord(i, "ANALYZE")
                    || c.isWord(i, "ANALYSE")) {
                if (c.isWord(i, "FULL")) {
                    full = Boolean.TRUE;
                }
                i++;
            }
        }
        if (!full) {
            return List.of();
        }
        List<QualifiedName> names = tableList(c, i);
        if (names == null) {
            return List.of();
        }
        return blocking(Operation.VACUUM_FULL, names, "every table of the database", context);
    }

    /** FULL in a parenthesised option list: TRUE, FALSE, or null when the list is not understood. */
    private static Boolean fullOption(SqlCursor c, int from, int close) {
        Boolean full = Boolean.FALSE;
        int k = from;
        while (k < close) {
            if (!c.isName(k)) {
                return null;
            }
            boolean isFull = c.isWord(k, "FULL");
            k++;
            Boolean value = Boolean.TRUE;
            if (k < close && !c.isPunct(k, ',')) {
                String v = c.text(k).toLowerCase(Locale.ROOT).replace("'", "");
                switch (v) {
                    case "true": case "on": case "1": case "yes":
                        value = Boolean.TRUE;
                        break;
                    case "false": case "off": case "0": case "no":
                        value = Boolean.FALSE;
                        break;
                    default:
                        if (isFull) {
                            return null;
                        }
                }
                k++;
            }
            if (isFull) {
                full = value;
            }
            if (k < close) {
                if (!c.isPunct(k, ',')) {
                    return null;
                }
                k++;
            }
        }
        return full;
    }

    /** {@code name [(columns)] [, …]} up to the end; empty for none, null when not understood. */
    private static List<QualifiedName> tableList(SqlCursor c, int i) {
        int end = c.sizeWithoutSemicolon();
        List<QualifiedName> names = new ArrayList<>();
        while (i < end) {
            if (!c.isName(i)) {
                return null;
            }
            names.add(c.name(i));
            i = c.nameEnd(i);
            if (c.isPunct(i, '(')) {
                i = c.closingParen(i);
                if (i < 0) {
                    return null;
                }
                i++;
            }
            if (i < end) {
                if (!c.isPunct(i, ',')) {
                    return null;
                }
                i++;
                if (i == end) {
                    return null;
                }
            }
        }
        return names;
    }

    private static List<Finding> cluster(SqlStatement statement, RuleContext context) throws SQLException {
        SqlCursor c = SqlCursor.over(statement.text(), Dialect.POSTGRESQL);
        int i = 0;
        if (!c.isWord(i++, "CLUSTER")) {
            return List.of();
        }
        while (c.isWord(i, "VERBOSE") || c.isPunct(i, '(')) {
            if (c.isPunct(i, '(')) {
                i = c.closingParen(i);
                if (i < 0) {
                    return List.of();
                }
            }
            i++;
        }
        int end = c.sizeWithoutSemicolon();
        if (i == end) {
            return blocking(Operation.CLUSTER, List.of(), "every table of the database clustered before", context);
        }
        if (!c.isName(i)) {
            return List.of();
        }
        QualifiedName first = c.name(i);
        i = c.nameEnd(i);
        QualifiedName table = first;
        if (c.isWord(i, "USING") && c.isName(i + 1)) {
            i = c.nameEnd(i + 1);
        } else if (c.isWord(i, "ON") && c.isName(i + 1)) { // CLUSTER index ON table (before 8.3)
            table = c.name(i + 1);
            i = c.nameEnd(i + 1);
        }
        if (i != end) {
            return List.of();
        }
        return blocking(Operation.CLUSTER, List.of(table), null, context);
    }

    private static List<Finding> blocking(Operation op, List<QualifiedName> names, String whenNone, RuleContext context)
            throws SQLException {
        if (names.isEmpty()) {
            return List.of(new Finding(op, whenNone));
        }
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : names) {
            TableFacts table = context.catalog().table(name);
            if (Exemptions.blocksTraffic(table, name, context)) {
                found.add(new Finding(op, "table " + table.schema() + "." + table.name() + " (~" + table.estimatedRows()
                        + " rows)"));
            }
        }
        return found;
    }
}
