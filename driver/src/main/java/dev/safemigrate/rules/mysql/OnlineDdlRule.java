package dev.safemigrate.rules.mysql;

import dev.safemigrate.config.Policy;
import dev.safemigrate.config.Setting;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.dialect.mysql.MySqlFacts;
import dev.safemigrate.dialect.mysql.MySqlServer;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.CopyFallback;
import dev.safemigrate.rules.OnlineCopyRequest;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.CreateIndex;
import dev.safemigrate.sql.shape.DropIndex;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL/MariaDB {@code ALTER TABLE}, {@code CREATE INDEX} and {@code DROP INDEX}: ask the server for the
 * least blocking algorithm instead of letting it pick one silently. {@code ALGORITHM=INSTANT} first where
 * the server has it and every action may be instant (no {@code LOCK} clause: INSTANT accepts only the
 * default), then {@code ALGORITHM=INPLACE, LOCK=NONE}. When the server answers that the operation cannot
 * run that way (1845/1846/1847, nothing changed), the statement would copy the table and block writes for
 * as long as that takes: policy {@code safemigrate.policy.copyingAlter} (a type change:
 * {@code safemigrate.policy.alterColumnType}), both {@code refuse} by default, decides — with the server's
 * reason and the recipe in the message; {@code warn} (or {@code /* safemigrate:allow copying-alter *}{@code /})
 * runs the statement as written, under the lock timeout.
 *
 * <p>Left as written: a statement that already names {@code ALGORITHM} or {@code LOCK} (respected as
 * written), {@code ALTER ONLINE|IGNORE TABLE}, MariaDB's {@code WAIT n}/{@code NOWAIT}, partitioning
 * clauses, table options and any action other than {@code ADD}, {@code DROP}, {@code MODIFY},
 * {@code CHANGE}, {@code ALTER}, {@code RENAME}, {@code CREATE OR REPLACE INDEX}, tables that do not exist
 * (the server reports it), servers older than MySQL 5.6 / MariaDB 10.0, statements with executable comments
 * ({@code /*!…*}{@code /}, {@code /*M!…*}{@code /}), and anything else this parser
 * does not fully understand: a rewrite that changed a statement's meaning would be worse than none. Only
 * clauses are appended; the statement's own text is kept byte for byte (a {@code DROP INDEX} is sent as
 * the equivalent {@code ALTER TABLE … DROP INDEX}, because MariaDB's {@code DROP INDEX} accepts no
 * {@code ALGORITHM} clause).
 */
public final class OnlineDdlRule extends RewriteRule {

    /** {@code /* safemigrate:online *}{@code /}: copy the table online when the server would copy it. */
    public static final String ONLINE_DIRECTIVE = "online";
    /** Name in {@code /* safemigrate:allow copying-alter *}{@code /}. */
    public static final String COPYING_ALTER = "copying-alter";
    public static final String ALTER_COLUMN_TYPE = "alter-column-type";

    static final String INSTANT = "ALGORITHM=INSTANT";
    static final String INPLACE = "ALGORITHM=INPLACE, LOCK=NONE";
    /** CREATE INDEX takes its options separated by spaces: MariaDB rejects a comma there. */
    static final String INPLACE_INDEX = "ALGORITHM=INPLACE LOCK=NONE";

    private static final Set<String> ACTIONS = Set.of("ADD", "DROP", "MODIFY", "CHANGE", "ALTER", "RENAME");
    /** Words after which the rule keeps its hands off, wherever they appear at the top level. */
    private static final Set<String> HANDS_OFF = Set.of("ALGORITHM", "LOCK", "WAIT", "NOWAIT", "PARTITION",
            "PARTITIONS", "PARTITIONING", "SUBPARTITION", "SUBPARTITIONS", "ONLINE", "OFFLINE", "IGNORE");
    /** ADD/DROP of these are index or constraint changes: never instant on MySQL or MariaDB. */
    private static final Set<String> NOT_INSTANT = Set.of("INDEX", "KEY", "UNIQUE", "PRIMARY", "FOREIGN",
            "CONSTRAINT", "CHECK", "FULLTEXT", "SPATIAL", "PERIOD", "SYSTEM");

    @Override
    public String name() {
        return "online-ddl";
    }

    @Override
    public String reason() {
        return "an ALTER the server runs by copying the table blocks writes to it for as long as the copy takes";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (!statement.isDdl() || !(context.catalog() instanceof MySqlFacts facts)) {
            return null;
        }
        Shape shape;
        switch (statement.ddlKind()) {
            case ALTER_TABLE:
                shape = alterTable(statement);
                break;
            case CREATE_INDEX:
                shape = createIndex(statement);
                break;
            case DROP_INDEX:
                shape = dropIndex(statement);
                break;
            default:
                return null;
        }
        if (shape == null || hasExecutableComment(statement.text())) {
            return null;
        }
        MySqlServer server = facts.server();
        if (!server.supportsOnlineClauses()) {
            return null;
        }
        TableFacts table = facts.table(shape.table);
        if (!table.exists() || table.kind() != 'r') {
            return null; // missing: the server reports it; a view cannot be altered this way
        }
        List<String> forms = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        if (shape.instantCandidate && server.supportsInstant()) {
            forms.add(shape.instant);
            tried.add(INSTANT);
        }
        forms.add(shape.inplace);
        tried.add(INPLACE);
        String original = statement.text();
        boolean typeChange = shape.typeChangeOnly;
        boolean foreignKey = shape.addsForeignKey;
        CopyFallback fallback = fallback(statement, table, typeChange, foreignKey, tried, shape.onlineCopy(), context);
        Step step = Step.online(forms.get(0), forms.subList(1, forms.size()), fallback);
        return new RewritePlan(this, statement, List.of(step),
                "asking " + server + " for " + (forms.size() == 2 ? INSTANT + ", else " : "") + INPLACE
                        + "; never a silent table copy");
    }

    /** If the server can run the statement neither way: the policy's decision, from the facts known now. */
    static CopyFallback fallback(SqlStatement statement, TableFacts table, boolean typeChange, boolean foreignKey,
                                 List<String> tried, OnlineCopyRequest onlineCopy, RuleContext context) {
        String original = statement.text();
        String rule = typeChange ? ALTER_COLUMN_TYPE : COPYING_ALTER;
        Setting setting = typeChange ? Setting.POLICY_ALTER_COLUMN_TYPE : Setting.POLICY_COPYING_ALTER;
        String text = LogText.shorten(original.strip());
        String subject = "table `" + table.schema() + "`.`" + table.name() + "` (~" + table.estimatedRows() + " rows)";
        String recipe = typeChange
                ? TYPE_CHANGE_RECIPE
                : foreignKey ? FOREIGN_KEY_RECIPE + "; otherwise " + COPY_RECIPE : COPY_RECIPE;
        boolean onlineAsked = Comments.hasDirective(statement, ONLINE_DIRECTIVE)
                || context.settings().policy(setting) == Policy.ONLINE;
        CopyFallback.Choice choice;
        OnlineCopyRequest request = onlineAsked && onlineCopy != null && onlineCopy.refusal() == null ? onlineCopy : null;
        if (table.temporary() || context.createdInTransaction(new QualifiedName(table.schema(), table.name(),
                table.name())) || table.estimatedRows() < context.settings().rewriteMinRows()) {
            choice = CopyFallback.Choice.SMALL;
        } else if (AllowComments.allows(original, Dialect.MYSQL, rule)) {
            choice = CopyFallback.Choice.ALLOWED;
        } else if (request != null) {
            choice = CopyFallback.Choice.ONLINE;
        } else if (onlineAsked) {
            // The user asked for a change that does not block writes: never run it as written instead.
            choice = CopyFallback.Choice.REFUSE;
            recipe = "the driver's online copy cannot take this statement ("
                    + (onlineCopy == null ? "it copies for ALTER TABLE only; write the change as ALTER TABLE … ADD"
                    + " INDEX / DROP INDEX" : onlineCopy.refusal()) + "); " + recipe;
        } else if (context.settings().policy(setting) == Policy.REFUSE) {
            choice = CopyFallback.Choice.REFUSE;
        } else {
            choice = CopyFallback.Choice.WARN;
        }
        return new CopyFallback(rule, setting, text, subject, choice, tried, recipe, request);
    }

    private static final String COPY_RECIPE = "an online schema change tool (gh-ost or pt-online-schema-change copy"
            + " the table in the background and swap it in with a brief lock), or expand/contract: create the new shape"
            + " beside the old one (a new column or table), backfill it in batches while the application or a trigger"
            + " keeps it in step, switch, and drop the old shape in a later migration";
    private static final String TYPE_CHANGE_RECIPE = "an online schema change tool (gh-ost or pt-online-schema-change"
            + " copy the table in the background and swap it in with a brief lock), or expand/contract: 1) ADD COLUMN"
            + " <c>_new <new type> (instant); 2) dual-write it from the application or a trigger; 3) backfill it in"
            + " batches; 4) switch reads to it; 5) drop the old column in a later migration";
    /**
     * MySQL and MariaDB add a foreign key in place (no copy, writes continue) while {@code foreign_key_checks} is
     * off; the price is that existing rows are not checked, so the recipe starts with checking them.
     */
    private static final String FOREIGN_KEY_RECIPE = "for a foreign key, check the existing rows first (SELECT … FROM"
            + " <table> t LEFT JOIN <referenced> r ON … WHERE r.<key> IS NULL AND t.<column> IS NOT NULL finds the"
            + " orphans), then send SET foreign_key_checks = 0 before this statement and SET foreign_key_checks = 1"
            + " after it, in the same session (one migration or changeset): the server then adds the key in place,"
            + " without copying the table (it does not check the existing rows then)";

    /** The statement with its online clauses, and what it is about. */
    record Shape(QualifiedName table, String instant, String inplace, boolean instantCandidate,
                 boolean typeChangeOnly, boolean addsForeignKey, OnlineCopyRequest onlineCopy) {
    }

    /** {@code ALTER TABLE [IF EXISTS] t action [, action …]} with actions this rule knows. */
    static Shape alterTable(SqlStatement statement) {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || !alter.modifiers().isEmpty()) {
            return null;
        }
        SqlCursor c = alter.tokens();
        String sql = c.sql();
        int end = c.sizeWithoutSemicolon();
        if (hasHandsOffWord(c, alter.actionsFrom(), end) || hasSemicolon(c, alter.actionsFrom(), end)) {
            return null;
        }
        QualifiedName table = alter.table();
        boolean instant = true;
        boolean typeChangeOnly = true;
        boolean foreignKey = false;
        for (AlterTable.Action action : alter.actions()) {
            int from = action.from();
            if (!isKnownAction(c, from)) {
                return null;
            }
            String verb = c.text(from).toUpperCase(Locale.ROOT);
            if ((verb.equals("ADD") || verb.equals("DROP")) && isNotInstantWord(c, from + 1)) {
                instant = false;
            }
            if (!(verb.equals("MODIFY") || verb.equals("CHANGE"))) {
                typeChangeOnly = false;
            }
            if (verb.equals("ADD") && addsForeignKey(c, from + 1)) {
                foreignKey = true;
            }
        }
        int at = c.end(end - 1);
        return new Shape(table, insert(sql, at, ", " + INSTANT), insert(sql, at, ", " + INPLACE), instant,
                typeChangeOnly, foreignKey, onlineCopy(alter, table, end));
    }

    /** {@code CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX [IF NOT EXISTS] i [USING t] ON tbl (…) [options]}. */
    static Shape createIndex(SqlStatement statement) {
        CreateIndex create = CreateIndex.of(statement);
        if (create == null || create.name() == null) {
            return null;
        }
        SqlCursor c = create.tokens();
        String sql = c.sql();
        int i = create.afterTable();
        QualifiedName table = create.table();
        if (!c.isPunct(i, '(')) {
            return null;
        }
        int close = c.closingParen(i);
        int end = c.sizeWithoutSemicolon();
        if (close < 0 || close >= end || hasHandsOffWord(c, close + 1, end) || hasSemicolon(c, i, end)) {
            return null;
        }
        int at = c.end(end - 1);
        return new Shape(table, null, insert(sql, at, " " + INPLACE_INDEX), false, false, false, null);
    }

    /** {@code DROP INDEX [IF EXISTS] i ON tbl}, sent as {@code ALTER TABLE tbl DROP INDEX i, …}. */
    static Shape dropIndex(SqlStatement statement) {
        DropIndex drop = DropIndex.of(statement);
        if (drop == null || drop.names().size() != 1 || drop.table() == null || drop.cascade() || drop.restrict()) {
            return null; // ALGORITHM/LOCK/WAIT as written, or something unknown
        }
        QualifiedName index = drop.names().get(0);
        if (index.schema() != null) {
            return null;
        }
        boolean ifExists = drop.ifExists();
        QualifiedName table = drop.table();
        String alter = "ALTER TABLE " + quote(table) + " DROP INDEX " + (ifExists ? "IF EXISTS " : "")
                + quote(index.name()) + ", " + INPLACE;
        return new Shape(table, null, alter, false, false, false, null);
    }

    /** Words after DROP that name something other than a column. */
    private static final Set<String> DROP_NOT_COLUMN = Set.of("INDEX", "KEY", "PRIMARY", "FOREIGN", "CONSTRAINT",
            "CHECK", "FULLTEXT", "SPATIAL", "PARTITION", "PERIOD", "SYSTEM", "UNIQUE");

    /**
     * What the online copy needs: the actions as written, the columns and foreign keys they drop; or why it
     * cannot copy this statement. A rename would lose the column's data (the copy matches columns by name).
     */
    static OnlineCopyRequest onlineCopy(AlterTable alter, QualifiedName table, int end) {
        SqlCursor c = alter.tokens();
        Set<String> droppedColumns = new java.util.HashSet<>();
        Set<String> droppedForeignKeys = new java.util.HashSet<>();
        for (AlterTable.Action action : alter.actions()) {
            int k = action.from();
            if (c.isWord(k, "RENAME")) {
                return OnlineCopyRequest.refused(table, "it renames (" + c.text(k) + " " + c.text(k + 1) + " …), and the"
                        + " copy matches columns by name; rename in a statement of its own");
            }
            if (c.isWord(k, "CHANGE")) {
                int old = c.isWord(k + 1, "COLUMN") ? k + 2 : k + 1;
                if (c.isWords(old, "IF", "EXISTS")) {
                    old += 2;
                }
                if (!c.folded(old).equalsIgnoreCase(c.folded(old + 1))) {
                    return OnlineCopyRequest.refused(table, "CHANGE " + c.text(old) + " " + c.text(old + 1)
                            + " renames the column, and the copy matches columns by name; rename in a statement of its own");
                }
            }
            if (c.isWord(k, "DROP")) {
                int n = k + 1;
                if (c.isWords(n, "FOREIGN", "KEY")) {
                    n += 2;
                    if (c.isWords(n, "IF", "EXISTS")) {
                        n += 2;
                    }
                    droppedForeignKeys.add(c.folded(n).toLowerCase(Locale.ROOT));
                    continue;
                }
                if (c.isWord(n, "COLUMN")) {
                    n++;
                } else if (c.isAnyWord(n, DROP_NOT_COLUMN)) {
                    continue;
                }
                if (c.isWords(n, "IF", "EXISTS")) {
                    n += 2;
                }
                if (c.isName(n)) {
                    droppedColumns.add(c.folded(n).toLowerCase(Locale.ROOT));
                }
            }
        }
        String actions = c.sql().substring(c.start(alter.actionsFrom()), c.end(end - 1));
        return new OnlineCopyRequest(table, actions, droppedColumns, droppedForeignKeys, null);
    }

    /**
     * {@code /*!50100 … *}{@code /} and {@code /*M! … *}{@code /} run only on some servers and versions: a clause
     * appended next to or inside one could be skipped or doubled. Such statements are left as written (a
     * literal containing the text is left alone too: the safe direction).
     */
    static boolean hasExecutableComment(String sql) {
        return sql.contains("/*!") || sql.contains("/*M!");
    }

    /** After ADD: {@code FOREIGN KEY}, {@code CONSTRAINT FOREIGN KEY} or {@code CONSTRAINT <name> FOREIGN KEY}. */
    private static boolean addsForeignKey(SqlCursor c, int k) {
        if (c.isWord(k, "CONSTRAINT")) {
            return c.isWord(k + 1, "FOREIGN") || c.isWord(k + 2, "FOREIGN");
        }
        return c.isWord(k, "FOREIGN");
    }

    private static boolean isKnownAction(SqlCursor c, int k) {
        for (String a : ACTIONS) {
            if (c.isWord(k, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNotInstantWord(SqlCursor c, int k) {
        for (String w : NOT_INSTANT) {
            if (c.isWord(k, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasHandsOffWord(SqlCursor c, int from, int to) {
        return c.hasTopLevelWord(from, to, HANDS_OFF);
    }

    private static boolean hasSemicolon(SqlCursor c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (c.isPunct(k, ';')) {
                return true;
            }
        }
        return false;
    }

    private static String insert(String sql, int at, String clause) {
        return sql.substring(0, at) + clause + sql.substring(at);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String quote(QualifiedName name) {
        return (name.schema() == null ? "" : quote(name.schema()) + ".") + quote(name.name());
    }
}
