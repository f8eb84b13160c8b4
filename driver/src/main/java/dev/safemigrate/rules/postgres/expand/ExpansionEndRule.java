package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Rule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The end of an expansion, when the user says so with a statement that names its columns:
 * <ul>
 *   <li>{@code ALTER TABLE t DROP COLUMN a} on an expanded rename of {@code a} to {@code b}: the contract —
 *       in one transaction, under the lock timeout: drop the triggers, their function and {@code a}; give
 *       {@code b} {@code a}'s default; give the copied indexes and constraints their original names; record
 *       the expansion as contracted. The schema is then what the plain rename would have made.</li>
 *   <li>{@code ALTER TABLE t RENAME COLUMN b TO a} (the rename undone) or {@code DROP COLUMN b}: the rollback —
 *       drop the triggers, their function and {@code b} with its copies; the old shape is intact.</li>
 *   <li>a drop-column expansion: the drop again, marked {@code safemigrate:contract} or {@code safemigrate:rollback}
 *       ({@link #endDrop}).</li>
 * </ul>
 * Any other statement that drops, renames or alters either column while the expansion is pending is refused:
 * the triggers name both columns, and dropping one outside the contract would make every write to the table
 * fail. A contract of an expansion that is not finished (status {@code expanding}) is refused too.
 */
public final class ExpansionEndRule implements Rule {

    @Override
    public String name() {
        return "contract";
    }

    @Override
    public String reason() {
        return "an expansion's columns are kept in step by triggers until it is contracted or rolled back";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() == DdlKind.DROP_VIEW) {
            return dropView(statement, context);
        }
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return Decision.AS_WRITTEN;
        }
        Decision tableRename = tableRename(statement, context);
        if (tableRename != null) {
            return tableRename;
        }
        Set<String> touched = ColumnActions.touched(statement);
        if (touched.isEmpty()) {
            return Decision.AS_WRITTEN;
        }
        QualifiedName named = AlterTable.of(statement).table();
        List<ExpansionFacts> pending = context.catalog().expansions(named);
        if (pending.isEmpty()) {
            return Decision.AS_WRITTEN; // the common case: asks nothing else of the catalog
        }
        TableFacts table = context.catalog().table(named);
        QualifiedName quoted = new QualifiedName(table.schema(), table.name(),
                Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name()));
        for (ExpansionFacts e : pending) {
            List<String> columns = ExpansionStatements.columns(e);
            if (touched.stream().noneMatch(columns::contains)) {
                continue;
            }
            Decision decision = switch (e.kind()) {
                case RenameColumnExpansionRule.KIND -> endRename(statement, e, quoted, context);
                case AlterColumnTypeExpansionRule.KIND -> endTypeChange(statement, e, quoted, context);
                case DropColumnExpansionRule.KIND -> endDrop(statement, e, quoted, context);
                default -> null;
            };
            return decision != null ? decision : refuse(statement, e, "the statement drops, renames or alters one of"
                    + " its columns, which its triggers keep in step. Contract it first (" + ExpansionStatements.contract(e)
                    + ", or safemigrate contract " + e.id() + ") or roll it back (" + ExpansionStatements.rollback(e)
                    + ", or safemigrate rollback " + e.id() + ")");
        }
        return Decision.AS_WRITTEN;
    }

    /**
     * {@code DROP VIEW [IF EXISTS] v [RESTRICT]} of the view a table rename's expansion left: its contract. Other
     * forms on that view (CASCADE, several names) are refused.
     */
    private Decision dropView(SqlStatement statement, RuleContext context) throws SQLException {
        SqlCursor c = statement.tokens();
        int n = c.sizeWithoutSemicolon();
        int i = 2;
        if (!c.isWords(0, "DROP", "VIEW")) {
            return Decision.AS_WRITTEN;
        }
        if (c.isWords(i, "IF", "EXISTS")) {
            i += 2;
        }
        if (!c.isName(i)) {
            return Decision.AS_WRITTEN;
        }
        QualifiedName view = c.name(i);
        int end = c.nameEnd(i);
        boolean plain = end == n || end + 1 == n && c.isWord(end, "RESTRICT");
        for (ExpansionFacts e : context.catalog().expansions(view)) {
            if (!RenameTableExpansionRule.KIND.equals(e.kind()) || !e.oldName().equals(view.name())) {
                continue;
            }
            if (!plain) {
                return refuse(statement, e, "the view is the old name of table " + e.newName() + "; contract it with "
                        + ExpansionStatements.contract(e) + " alone");
            }
            return end(statement, e, e.contractSql(), ExpansionRecordSql.CONTRACTED, context, "contracting expansion "
                    + e.id() + " (table " + e.oldName() + " renamed to " + e.newName() + ", " + age(e.createdAt())
                    + " old): dropping the view " + e.oldName());
        }
        return Decision.AS_WRITTEN;
    }

    /**
     * {@code ALTER TABLE x RENAME TO y} where x is the new name of a renamed table (or the view under its old
     * name): back to the old name is the rollback; the expansion's own statement again passes (its rule says
     * there is nothing to do); any other rename is refused. Null when no table rename's expansion is involved.
     */
    private Decision tableRename(SqlStatement statement, RuleContext context) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.actions().size() != 1) {
            return null;
        }
        SqlCursor c = alter.tokens();
        int f = alter.actions().get(0).from();
        if (!(c.isWord(f, "RENAME") && c.isWord(f + 1, "TO") && c.isName(f + 2))) {
            return null;
        }
        String to = c.folded(f + 2);
        String from = alter.table().name();
        for (ExpansionFacts e : context.catalog().expansions(alter.table())) {
            if (!RenameTableExpansionRule.KIND.equals(e.kind())) {
                continue;
            }
            if (from.equals(e.newName()) && to.equals(e.oldName())) {
                return end(statement, e, e.rollbackSql(), ExpansionRecordSql.ROLLED_BACK, context, "rolling back"
                        + " expansion " + e.id() + " (table " + e.oldName() + " renamed to " + e.newName() + "):"
                        + " dropping the view and renaming the table back");
            }
            if (from.equals(e.oldName()) && to.equals(e.newName())) {
                return Decision.AS_WRITTEN;
            }
            if (from.equals(e.oldName()) || from.equals(e.newName())) {
                return refuse(statement, e, "the table and its view are the expansion's. Contract it first ("
                        + ExpansionStatements.contract(e) + ") or roll it back (" + ExpansionStatements.rollback(e) + ")");
            }
        }
        return null;
    }

    /** The contract, the rollback or the expansion's own statement again (resumed by its rule); else null. */
    private Decision endRename(SqlStatement statement, ExpansionFacts e, QualifiedName quoted, RuleContext context) {
        ColumnActions.Drop drop = ColumnActions.drop(statement);
        ColumnActions.Rename rename = ColumnActions.rename(statement);
        if (drop != null && drop.column().equals(e.oldName())) {
            if (!ExpansionRecordSql.EXPANDED.equals(e.status())) {
                return notFinished(statement, e);
            }
            return end(statement, e, e.contractSql(), ExpansionRecordSql.CONTRACTED, context,
                    "contracting expansion " + e.id() + " (rename of " + e.oldName() + " to " + e.newName() + " on "
                            + quoted.sql() + ", " + age(e.createdAt()) + " old): dropping its triggers and column "
                            + e.oldName() + " in one transaction");
        }
        if (drop != null && drop.column().equals(e.newName())
                || rename != null && rename.from().equals(e.newName()) && rename.to().equals(e.oldName())) {
            return end(statement, e, e.rollbackSql(), ExpansionRecordSql.ROLLED_BACK, context,
                    "rolling back expansion " + e.id() + " (rename of " + e.oldName() + " to " + e.newName()
                            + " on " + quoted.sql() + "): dropping its triggers and column " + e.newName()
                            + "; column " + e.oldName() + " is intact");
        }
        if (rename != null && rename.from().equals(e.oldName()) && rename.to().equals(e.newName())) {
            return Decision.AS_WRITTEN; // the expansion's own statement again: the expansion rule resumes it
        }
        return null;
    }

    /** Contract (drop the kept old column), rollback before the swap (drop the shadow), or its own statement. */
    private Decision endTypeChange(SqlStatement statement, ExpansionFacts e, QualifiedName quoted, RuleContext context) {
        ColumnActions.Drop drop = ColumnActions.drop(statement);
        String shadow = AlterColumnTypeExpansionRule.shadowColumn(e.oldName());
        if (drop != null && drop.column().equals(e.newName())) {
            if (!ExpansionRecordSql.EXPANDED.equals(e.status())) {
                return notFinished(statement, e);
            }
            return end(statement, e, e.contractSql(), ExpansionRecordSql.CONTRACTED, context,
                    "contracting expansion " + e.id() + " (type change of " + e.oldName() + " on " + quoted.sql() + ", "
                            + age(e.createdAt()) + " old): dropping the old column " + e.newName());
        }
        if (drop != null && drop.column().equals(shadow)) {
            if (ExpansionRecordSql.EXPANDED.equals(e.status())) {
                return refuse(statement, e, "it is swapped already: " + e.oldName() + " has its new type. To undo it,"
                        + " change the type back (another ALTER COLUMN … TYPE), after contracting this one");
            }
            return end(statement, e, e.rollbackSql(), ExpansionRecordSql.ROLLED_BACK, context,
                    "rolling back expansion " + e.id() + " (type change of " + e.oldName() + " on " + quoted.sql()
                            + "): dropping its trigger and the shadow column " + shadow + "; " + e.oldName()
                            + " is intact");
        }
        AlterColumnTypeExpansionRule.Shape again = AlterColumnTypeExpansionRule.Shape.of(statement);
        if (again != null && again.column().equals(e.oldName())) {
            return Decision.AS_WRITTEN; // its own statement again: resumed, or nothing to do, by its rule
        }
        return null;
    }

    /**
     * The drop marked {@code /* safemigrate:contract *}{@code /} (drop the trigger and the column; the archive
     * stays) or {@code /* safemigrate:rollback *}{@code /} (drop the trigger and the archive; the column stays),
     * or the unmarked drop: the expansion's own statement, resumed or nothing to do by its rule.
     */
    private Decision endDrop(SqlStatement statement, ExpansionFacts e, QualifiedName quoted, RuleContext context) {
        ColumnActions.Drop drop = ColumnActions.drop(statement);
        if (drop == null || !drop.column().equals(e.oldName())) {
            return null;
        }
        boolean contract = Comments.hasDirective(statement, "contract");
        boolean rollback = Comments.hasDirective(statement, "rollback");
        if (contract && rollback) {
            return refuse(statement, e, "the statement says both safemigrate:contract and safemigrate:rollback");
        }
        if (contract) {
            if (!ExpansionRecordSql.EXPANDED.equals(e.status())) {
                return notFinished(statement, e);
            }
            return end(statement, e, e.contractSql(), ExpansionRecordSql.CONTRACTED, context,
                    "contracting expansion " + e.id() + " (drop of " + e.oldName() + " on " + quoted.sql() + ", "
                            + age(e.createdAt()) + " old): dropping its trigger and column " + e.oldName()
                            + " in one transaction; its data stays in " + e.newName());
        }
        if (rollback) {
            return end(statement, e, e.rollbackSql(), ExpansionRecordSql.ROLLED_BACK, context,
                    "rolling back expansion " + e.id() + " (drop of " + e.oldName() + " on " + quoted.sql()
                            + "): dropping its trigger and the archive " + e.newName() + "; column " + e.oldName()
                            + " stays (nullable, if the expansion made it so: restore NOT NULL yourself once no"
                            + " row lacks it)");
        }
        return Decision.AS_WRITTEN; // its own statement again: resumed, or nothing to do, by its rule
    }

    private Decision notFinished(SqlStatement statement, ExpansionFacts e) {
        return refuse(statement, e, "it is not finished (status " + e.status() + ": it crashed or is still running)."
                + " Re-run its statement to finish it (" + LogText.shorten(e.statement()) + "), or roll it back ("
                + ExpansionStatements.rollback(e) + ", or safemigrate rollback " + e.id() + ")");
    }

    private Decision end(SqlStatement statement, ExpansionFacts e, String script, String status, RuleContext context,
                         String summary) {
        String sql = script + ";\n" + ExpansionRecordSql.finish(context.settings().expandStateTable(), e.id(), status);
        return Decision.rewrite(new RewritePlan(this, statement, List.of(Step.locking(sql)), summary));
    }

    private Decision refuse(SqlStatement statement, ExpansionFacts e, String why) {
        return new Decision.Refused(this, "safemigrate refused " + LogText.shorten(statement.text().strip())
                + " — nothing was sent to the server. [contract] expansion " + e.id() + " (" + e.kind() + " of "
                + e.oldName() + " to " + e.newName() + " on " + e.schema() + "." + e.table() + ") is pending: " + why
                + ".");
    }

    static String age(Instant since) {
        Duration d = Duration.between(since, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return Math.max(d.toMinutes(), 0) + " min";
    }
}
