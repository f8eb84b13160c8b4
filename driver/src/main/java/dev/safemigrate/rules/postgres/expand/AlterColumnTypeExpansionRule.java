package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.postgres.AlterColumnTypeCheck;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE x [USING e]} that would rewrite the table, under
 * {@code safemigrate.policy.alterColumnType=expand} (or {@code /* safemigrate:expand *}{@code /}): a shadow
 * column {@code c_sm_new} of type {@code x}, filled by a trigger on every INSERT and UPDATE (with {@code e}, or
 * {@code c} converted as an assignment converts it, which is what ALTER TYPE does without USING) and by keyset
 * batches; CHECK constraints, foreign keys, NOT NULL and indexes copied onto it (NOT VALID + VALIDATE,
 * CONCURRENTLY); then the swap, in one short transaction under the lock timeout: the trigger dropped, {@code c}
 * renamed {@code c_sm_old} (made nullable, its default moved), {@code c_sm_new} renamed {@code c}. Code sees the
 * same column name before and after; only its type changed. The contract ({@code ALTER TABLE t DROP COLUMN
 * c_sm_old}, or {@code safemigrate contract}) drops the old column and gives the copies their original names.
 *
 * <p>Left alone: changes that do not rewrite (binary-compatible, small or new tables: {@link AlterColumnTypeCheck}
 * finds nothing), several actions, a COLLATE clause (then the policy refuses: expand could not be done). Refused
 * with the reason: no USING where no assignment conversion exists, and everything {@link ColumnCopies} cannot
 * carry over (the primary key among them).
 */
public final class AlterColumnTypeExpansionRule extends ExpansionRule {
    static final String KIND = "alter-column-type";

    @Override
    public String reason() {
        return "a type change that rewrites the table blocks it for as long as that takes; expanded, the table stays"
                + " online and only a brief swap takes its lock";
    }

    /** The kept old column's name. */
    static String oldColumn(String column) {
        return CopyNames.truncate(column, CopyNames.MAX_BYTES - 7) + "_sm_old";
    }

    /** The shadow column's name. */
    static String shadowColumn(String column) {
        return CopyNames.truncate(column, CopyNames.MAX_BYTES - 7) + "_sm_new";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return Decision.AS_WRITTEN;
        }
        Shape shape = Shape.of(statement);
        if (shape == null) {
            return Decision.AS_WRITTEN;
        }
        if (!ExpandRequest.requested(statement, context, Operation.ALTER_COLUMN_TYPE)) {
            return Decision.AS_WRITTEN;
        }
        Catalog catalog = context.catalog();
        ExpansionFacts same = null;
        for (ExpansionFacts e : catalog.expansions(shape.table)) {
            if (KIND.equals(e.kind()) && e.oldName().equals(shape.column)) {
                same = e;
            } else if (List.of(e.oldName(), e.newName()).contains(shape.column)) {
                return refuse(statement, shape, List.of("expansion " + e.id() + " (" + e.kind() + " of " + e.oldName()
                        + " to " + e.newName() + ", " + e.status() + ") is not finished on this column: contract or"
                        + " roll it back first"));
            }
        }
        if (same != null && ExpansionRecordSql.EXPANDED.equals(same.status())) {
            return Decision.rewrite(new RewritePlan(this, statement, List.of(), "expansion " + same.id() + " (type of "
                    + shape.column + " changed, the old column kept as " + same.newName() + ") is done already: nothing"
                    + " to do; contract it with ALTER TABLE " + shape.table.sql() + " DROP COLUMN "
                    + RenameColumnExpansionRule.quote(same.newName())));
        }
        if (same == null && new AlterColumnTypeCheck().findings(statement, context).isEmpty()) {
            return Decision.AS_WRITTEN; // in place, small, new or temporary: fast as written
        }
        TableFacts table = catalog.table(shape.table);
        if (catalog.majorVersion() < 12) {
            return refuse(statement, shape, List.of("it needs PostgreSQL 12 or later"));
        }
        if (table.kind() == 'p') {
            return refuse(statement, shape, List.of("the table is partitioned"));
        }
        QualifiedName quoted = new QualifiedName(table.schema(), table.name(),
                Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name()));
        ColumnUse old = catalog.columnUse(quoted, shape.column);
        if (old == null) {
            return same == null ? Decision.AS_WRITTEN : refuse(statement, shape, List.of("expansion " + same.id()
                    + " is recorded but the column is gone: roll it back (safemigrate rollback " + same.id() + ")"));
        }
        String shadow = shadowColumn(shape.column);
        String kept = oldColumn(shape.column);
        ColumnUse neu = catalog.columnUse(quoted, shadow);
        if (same == null && (neu != null || catalog.columnUse(quoted, kept) != null)) {
            return refuse(statement, shape, List.of("a column named " + shadow + " or " + kept + " exists already"));
        }
        List<String> blockers = new ArrayList<>();
        if (shape.using == null && !catalog.castsOnAssignment(old.formattedType(), shape.type)) {
            blockers.add("PostgreSQL has no assignment conversion from " + old.formattedType() + " to " + shape.type
                    + ": say how with USING (the statement as written would fail the same way)");
        }
        boolean hasPrimaryKey = catalog.constraints(quoted).stream().anyMatch(k -> k.type() == 'p');
        String hash = CopyNames.hash(old.schema(), old.tableName(), shape.column, KIND);
        ConstraintFacts primaryKey = primaryKeyOfColumn(catalog.constraints(quoted), shape.column);
        ColumnCopies copies = new ColumnCopies(context, old, neu, shape.column, shadow, hash, primaryKey != null);
        blockers.addAll(copies.blockers(hasPrimaryKey));
        if (!blockers.isEmpty()) {
            return refuse(statement, shape, blockers);
        }
        return Decision.rewrite(new RewritePlan(this, statement,
                steps(context, statement, shape, old, neu, shadow, kept, hash, copies, primaryKey, same == null),
                (same == null ? "" : "resuming expansion " + same.id() + ": ") + "expanding the type change of "
                        + shape.column + " to " + shape.type + " on " + old.table() + " instead of rewriting the table:"
                        + " a shadow column " + shadow + " filled by a trigger and in batches, " + copies.indexCount()
                        + " index(es) and " + copies.constraintCount() + " constraint(s) copied, then a brief swap of"
                        + " the names; the old column stays as " + kept + " until you contract it (ALTER TABLE "
                        + old.table() + " DROP COLUMN " + RenameColumnExpansionRule.quote(kept)
                        + ", or safemigrate contract)"));
    }

    private List<Step> steps(RuleContext context, SqlStatement statement, Shape shape, ColumnUse old, ColumnUse neu,
                             String shadow, String kept, String hash, ColumnCopies copies, ConstraintFacts primaryKey,
                             boolean record) {
        String t = old.table();
        String c = RenameColumnExpansionRule.quote(shape.column);
        String s = RenameColumnExpansionRule.quote(shadow);
        String k = RenameColumnExpansionRule.quote(kept);
        String function = Identifiers.quote(Dialect.POSTGRESQL, old.schema(), "safemigrate_convert_" + hash);
        String trigger = "safemigrate_" + hash + "_conv";
        String stateTable = context.settings().expandStateTable();
        ExpansionRecordSql.Identity id = new ExpansionRecordSql.Identity(KIND, old.schema(), old.tableName(),
                shape.column, kept);
        String dropTriggers = ExpansionScripts.dropTriggers(t, function, trigger);
        // The expression over the row's columns by name, as ALTER TYPE evaluates its USING clause.
        String expression = shape.using == null ? c : "(" + shape.using + ")";
        List<Step> steps = new ArrayList<>();
        if (record) {
            String contract = "ALTER TABLE " + t + " DROP COLUMN " + k + copies.renamesBack();
            String rollback = dropTriggers + ";\nALTER TABLE " + t + " DROP COLUMN IF EXISTS " + s;
            List<String> objects = new ArrayList<>(List.of("column " + shadow + " (becomes " + shape.column + "; the"
                    + " old one becomes " + kept + ")", "function " + function, "trigger " + trigger));
            objects.addAll(copies.described());
            steps.add(Step.locking(ExpansionRecordSql.create(stateTable) + ";\n" + ExpansionRecordSql.insert(stateTable,
                    id, statement.text().strip(), String.join("; ", objects), contract, rollback)));
        }
        if (neu == null) {
            steps.add(Step.locking("ALTER TABLE " + t + " ADD COLUMN " + s + " " + shape.type));
        }
        steps.add(Step.locking("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS"
                + " $safemigrate$\nBEGIN\n  -- safemigrate: fills " + s + " from " + c + " until the swap\n  NEW." + s
                + " := (SELECT " + expression + " FROM (SELECT NEW.*) AS safemigrate_row);\n  RETURN NEW;\nEND\n"
                + "$safemigrate$;\nDROP TRIGGER IF EXISTS " + RenameColumnExpansionRule.quote(trigger) + " ON " + t
                + ";\nCREATE TRIGGER " + RenameColumnExpansionRule.quote(trigger) + " BEFORE INSERT OR UPDATE ON " + t
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "()"));
        steps.add(Step.backfill("UPDATE " + t + " SET " + s + " = " + expression));
        steps.addAll(copies.constraintSteps());
        steps.addAll(copies.notNullSteps());
        steps.addAll(copies.indexSteps());
        StringBuilder swap = new StringBuilder(dropTriggers);
        swap.append(";\nALTER TABLE ").append(t).append(" RENAME COLUMN ").append(c).append(" TO ").append(k);
        swap.append(";\nALTER TABLE ").append(t).append(" RENAME COLUMN ").append(s).append(" TO ").append(c);
        if (primaryKey != null) {
            // The key moves to the new column: its unique index, built CONCURRENTLY above, becomes the key under
            // the key's name (no scan: the column is NOT NULL already). Then the old column can lose NOT NULL.
            String key = RenameColumnExpansionRule.quote(primaryKey.name());
            swap.append(";\nALTER TABLE ").append(t).append(" DROP CONSTRAINT ").append(key);
            swap.append(";\nALTER TABLE ").append(t).append(" ADD CONSTRAINT ").append(key).append(" PRIMARY KEY USING INDEX ")
                    .append(RenameColumnExpansionRule.quote(copies.primaryKeyCopy()));
        }
        if (old.notNull()) {
            swap.append(";\nALTER TABLE ").append(t).append(" ALTER COLUMN ").append(k).append(" DROP NOT NULL");
        }
        if (old.defaultExpression() != null) {
            swap.append(";\nALTER TABLE ").append(t).append(" ALTER COLUMN ").append(k).append(" DROP DEFAULT");
            swap.append(";\nALTER TABLE ").append(t).append(" ALTER COLUMN ").append(c).append(" SET DEFAULT ")
                    .append(old.defaultExpression());
        }
        if (old.ownedSequence() != null) {
            // a serial: the sequence follows the column (dropped with the old one otherwise), with the new type
            // when it is an integer type (its maximum follows)
            swap.append(";\nALTER SEQUENCE ").append(old.ownedSequence()).append(" OWNED BY ").append(t).append('.')
                    .append(c);
            if (INTEGER_TYPES.contains(shape.type.toLowerCase(java.util.Locale.ROOT))) {
                swap.append(";\nALTER SEQUENCE ").append(old.ownedSequence()).append(" AS ").append(shape.type);
            }
        }
        if (old.comment() != null) {
            swap.append(";\nCOMMENT ON COLUMN ").append(t).append('.').append(c).append(" IS ")
                    .append(RenameColumnExpansionRule.literal(old.comment()));
        }
        swap.append(";\n").append(ExpansionRecordSql.markExpanded(stateTable, id));
        steps.add(Step.locking(swap.toString()));
        return steps;
    }

    /** The types a sequence can be ({@code ALTER SEQUENCE … AS}). */
    private static final List<String> INTEGER_TYPES = List.of("smallint", "integer", "int", "int2", "int4", "int8",
            "bigint");

    /**
     * The primary key when it is this column alone and not deferrable ({@code PRIMARY KEY (c)}): the expansion
     * can move it; {@code null} otherwise (a key over more columns stays a blocker).
     */
    private static ConstraintFacts primaryKeyOfColumn(List<ConstraintFacts> constraints, String column) {
        for (ConstraintFacts k : constraints) {
            if (k.type() != 'p') {
                continue;
            }
            SqlCursor c = SqlCursor.over(k.definition(), Dialect.POSTGRESQL);
            boolean alone = c.isWords(0, "PRIMARY", "KEY") && c.isPunct(2, '(') && c.isName(3)
                    && column.equals(c.folded(3)) && c.isPunct(4, ')') && c.sizeWithoutSemicolon() == 5;
            return alone ? k : null;
        }
        return null;
    }

    private Decision refuse(SqlStatement statement, Shape shape, List<String> reasons) {
        return new Decision.Refused(this, "safemigrate refused " + LogText.shorten(statement.text().strip())
                + " — nothing was sent to the server. [expand] the type change of column " + shape.column + " of "
                + shape.table.sql() + " cannot be expanded: " + String.join("; ", reasons) + ". Either remove what is"
                + " listed, or run it as written — it rewrites the table under an ACCESS EXCLUSIVE lock — with"
                + " /* safemigrate:allow " + Operation.ALTER_COLUMN_TYPE.rule + " */ in the statement.");
    }

    /** {@code ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE <type> [USING <expr>]}, the only action, no COLLATE. */
    record Shape(QualifiedName table, String column, String type, String using) {
        static Shape of(SqlStatement statement) {
            AlterTable alter = AlterTable.of(statement);
            if (alter == null || alter.actions().size() != 1 || alter.star()) {
                return null;
            }
            SqlCursor c = alter.tokens();
            int j = alter.actions().get(0).from();
            int end = alter.actions().get(0).to();
            if (!c.isWord(j++, "ALTER")) {
                return null;
            }
            if (c.isWord(j, "COLUMN")) {
                j++;
            }
            if (!c.isName(j)) {
                return null;
            }
            String column = c.folded(j++);
            if (c.isWords(j, "SET", "DATA")) {
                j += 2;
            }
            if (!c.isWord(j++, "TYPE") || j >= end) {
                return null;
            }
            int using = -1;
            for (int k = j; k < end; k++) {
                if (c.isWord(k, "COLLATE")) {
                    return null;
                }
                if (c.isWord(k, "USING")) {
                    using = k;
                    break;
                }
            }
            int typeEnd = using < 0 ? end : using;
            if (typeEnd == j || using >= 0 && using + 1 >= end) {
                return null;
            }
            String sql = c.sql();
            String type = sql.substring(c.start(j), c.end(typeEnd - 1));
            String expression = using < 0 ? null : sql.substring(c.start(using + 1), c.end(end - 1));
            return new Shape(alter.table(), column, type, expression);
        }
    }
}
