package dev.safemigrate.rules.mysql;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.dialect.mysql.MySqlFacts;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.DropTable;
import dev.safemigrate.sql.shape.RenameTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL/MariaDB operations that break running application code: renames and drops, under the same
 * {@code safemigrate.policy.*} settings as on PostgreSQL ({@code renameColumn}, {@code renameTable},
 * {@code dropColumn}, {@code dropTable}; default warn); and {@code MODIFY}/{@code CHANGE} of a nullable
 * column to NOT NULL, which rebuilds the table ({@code safemigrate.policy.notNullRebuild}, default warn;
 * tables below {@code safemigrate.rewrite.minRows} are exempt). Foreign keys and check constraints copy the
 * table and are decided by {@link OnlineDdlRule} with the server's own reason. Never rewrites: decides "as written" or returns its findings
 * for the policies (warned: run as written, the online-DDL rule still adds its clauses; refused: SQLSTATE
 * {@code SM001}, nothing sent).
 *
 * <p>Recognised: {@code ALTER TABLE t RENAME [TO|AS] u}, {@code RENAME COLUMN a TO b}, {@code CHANGE [COLUMN]
 * a b …} with a different name, {@code DROP [COLUMN] [IF EXISTS] c}; {@code RENAME TABLE a TO b [, …]};
 * {@code DROP TABLE [IF EXISTS] a [, …]}. Left as written, silently: temporary tables, views, tables and
 * columns that do not exist (the server reports it, or notes it under IF EXISTS), index, key and constraint
 * drops and renames, and any statement this parser does not fully understand.
 */
public final class BreakingChangeRule implements Rule {
    /** After DROP / RENAME: not a column. */
    private static final Set<String> NOT_COLUMN = Set.of("INDEX", "KEY", "PRIMARY", "FOREIGN", "CONSTRAINT", "CHECK",
            "PARTITION", "PERIOD", "SYSTEM", "UNIQUE", "FULLTEXT", "SPATIAL", "DEFAULT");

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public String reason() {
        return "drops and renames break running code";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (!statement.isDdl() || !(context.catalog() instanceof MySqlFacts facts)) {
            return Decision.AS_WRITTEN;
        }
        List<Finding> findings;
        switch (statement.ddlKind()) {
            case ALTER_TABLE:
                findings = alterTable(statement, facts, context.settings().rewriteMinRows());
                break;
            case RENAME_TABLE:
                findings = renameTables(statement, facts);
                break;
            case DROP_TABLE:
                findings = dropTables(statement, facts);
                break;
            default:
                return Decision.AS_WRITTEN;
        }
        return Decision.findings(this, Dialect.MYSQL, findings);
    }

    private static List<Finding> alterTable(SqlStatement statement, MySqlFacts facts, long minRows) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.modifiers().contains("OFFLINE")) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        String sql = c.sql();
        QualifiedName name = alter.table();
        TableFacts table = facts.table(name);
        if (!visible(table)) {
            return List.of();
        }
        String where = " of table " + describe(table);
        List<Finding> found = new ArrayList<>();
        for (AlterTable.Action a : alter.actions()) {
            int j = a.from();
            int end = a.to();
            if (c.isWord(j, "RENAME")) {
                j++;
                if (c.isWord(j, "COLUMN")) {
                    if (c.isName(j + 1) && c.isWord(j + 2, "TO") && c.isName(j + 3) && j + 4 == end) {
                        found.add(new Finding(Operation.RENAME_COLUMN, "column " + c.text(j + 1) + where + " renamed to "
                                + c.text(j + 3)));
                    }
                    continue;
                }
                if (isWordIn(c, j, NOT_COLUMN)) {
                    continue; // RENAME INDEX/KEY a TO b
                }
                if (c.isWord(j, "TO") || c.isWord(j, "AS")) {
                    j++;
                }
                if (c.isName(j) && c.nameEnd(j) == end) {
                    found.add(new Finding(Operation.RENAME_TABLE, "table " + describe(table) + " renamed to "
                            + sql.substring(c.start(j), c.end(end - 1))));
                }
            } else if (c.isWord(j, "CHANGE") || c.isWord(j, "MODIFY")) {
                boolean change = c.isWord(j, "CHANGE");
                j++;
                if (c.isWord(j, "COLUMN")) {
                    j++;
                }
                if (c.isWords(j, "IF", "EXISTS")) {
                    j += 2;
                }
                int definition = change ? j + 2 : j + 1;
                if (!c.isName(j) || (change && !c.isName(j + 1)) || definition >= end) {
                    continue;
                }
                String from = c.name(j).name();
                ColumnFacts column = facts.column(name, from);
                if (!column.exists()) {
                    continue;
                }
                if (change && !from.equalsIgnoreCase(c.name(j + 1).name())) {
                    found.add(new Finding(Operation.RENAME_COLUMN, "column " + c.text(j) + where + " renamed to "
                            + c.text(j + 1) + " (CHANGE)"));
                }
                if (!column.notNull() && setsNotNull(c, definition, end) && table.estimatedRows() >= minRows) {
                    found.add(new Finding(Operation.NOT_NULL_REBUILD, "column " + c.text(j) + where + ", nullable now"));
                }
            } else if (c.isWord(j, "DROP")) {
                j++;
                if (c.isWord(j, "COLUMN")) {
                    j++;
                } else if (isWordIn(c, j, NOT_COLUMN)) {
                    continue;
                }
                if (c.isWords(j, "IF", "EXISTS")) {
                    j += 2;
                }
                int k = j + 1;
                if (c.isWord(k, "RESTRICT") || c.isWord(k, "CASCADE")) {
                    k++;
                }
                if (c.isName(j) && k == end && facts.column(name, c.name(j).name()).exists()) {
                    found.add(new Finding(Operation.DROP_COLUMN, "column " + c.text(j) + where));
                }
            }
        }
        return found;
    }

    private static List<Finding> renameTables(SqlStatement statement, MySqlFacts facts) throws SQLException {
        RenameTable rename = RenameTable.of(statement);
        if (rename == null) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (RenameTable.Rename r : rename.renames()) {
            TableFacts table = facts.table(r.from());
            if (visible(table)) {
                found.add(new Finding(Operation.RENAME_TABLE, "table " + describe(table) + " renamed to " + r.to()));
            }
        }
        return found;
    }

    private static List<Finding> dropTables(SqlStatement statement, MySqlFacts facts) throws SQLException {
        DropTable drop = DropTable.of(statement);
        if (drop == null || drop.temporary()) {
            return List.of(); // DROP TEMPORARY TABLE: no other session sees it
        }
        List<Finding> found = new ArrayList<>();
        for (QualifiedName name : drop.names()) {
            TableFacts table = facts.table(name);
            if (visible(table)) {
                found.add(new Finding(Operation.DROP_TABLE, "table " + describe(table)));
            }
        }
        return found;
    }

    /**
     * True when a column definition says NOT NULL at its top level (a PRIMARY KEY in it implies NOT NULL too;
     * {@code DEFAULT NULL}/{@code NULL} alone keep it nullable).
     */
    private static boolean setsNotNull(SqlCursor c, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            if (c.isPunct(k, '(')) {
                depth++;
            } else if (c.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && (c.isWords(k, "NOT", "NULL") || c.isWords(k, "PRIMARY", "KEY"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordIn(SqlCursor c, int k, Set<String> words) {
        return c.isName(k) && !c.text(k).startsWith("`") && words.contains(c.text(k).toUpperCase(Locale.ROOT));
    }

    private static boolean visible(TableFacts table) {
        return table.exists() && table.kind() == 'r' && !table.temporary();
    }

    private static String describe(TableFacts table) {
        return "`" + table.schema() + "`.`" + table.name() + "` (~" + table.estimatedRows() + " rows)";
    }
}
