package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.StepKind;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTableAdd;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link ForeignKeyRule} and {@link CheckConstraintRule} share: {@code ALTER TABLE t ADD
 * [CONSTRAINT c] <body>} becomes {@code … <body> NOT VALID} (LOCKING: a brief strong lock, no scan),
 * then {@code ALTER TABLE t VALIDATE CONSTRAINT c} in a transaction of its own (OWN_TRANSACTION: the
 * scan, under SHARE UPDATE EXCLUSIVE, which lets reads and writes through).
 *
 * <p><b>Unnamed constraints.</b> VALIDATE needs the name PostgreSQL chose. Computing it in advance
 * would mean re-implementing {@code ChooseConstraintName} (column-name truncation, numbered suffixes on
 * clashes with names anywhere in the schema, and for CHECK the first column the expression uses), and a
 * wrong guess would validate nothing or the wrong constraint. Instead the names of the table's
 * constraints are remembered at planning time and, after the NOT VALID step, the VALIDATE step reads the
 * one new NOT VALID constraint of that type from {@code pg_constraint} (a {@linkplain Step#deferred
 * deferred step}: {@link Step.ValidateAddedConstraint}, resolved by the engine). If there is not exactly one (another session added one in that instant), it fails
 * and says which to validate, rather than guess.
 *
 * <p><b>Re-runs.</b> A constraint of that name (or, unnamed, any constraint of the table) with the same
 * definition: validated → nothing to do; NOT VALID (a previous run stopped after its first step, or its
 * VALIDATE failed) → only VALIDATE. A constraint of that name with another definition: the rewrite is
 * sent and PostgreSQL reports the clash. An unnamed statement whose identical constraint is already
 * validated is a no-op, although PostgreSQL would add a redundant twin with a numbered name.
 */
abstract class NotValidConstraintRule extends RewriteRule {

    /** {@code pg_constraint.contype} of the constraints this rule adds. */
    abstract char type();

    /** What the constraint is called in messages: "foreign key", "check constraint". */
    abstract String noun();

    /** True when the body {@code [a.body(), a.end())} is a shape this rule fully understands. */
    abstract boolean understood(AlterTableAdd a, RuleContext context) throws SQLException;

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return null;
        }
        AlterTableAdd a = AlterTableAdd.of(statement);
        if (a == null) {
            return null;
        }
        TableFacts table = context.catalog().table(a.table());
        // Exemptions first: an exempt statement must not wait for catalog facts of other tables (reading
        // a never-analysed referenced table's row count would wait for its lock, without lock timeout).
        if (!Exemptions.worthRewriting(table, a.table(), context) || table.kind() != 'r' || !understood(a, context)) {
            return null;
        }
        String quotedTable = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name());
        QualifiedName tableName = new QualifiedName(table.schema(), table.name(), quotedTable);
        List<ConstraintFacts> existing = context.catalog().constraints(tableName);
        String where = " (table " + table.schema() + "." + table.name() + ", ~" + table.estimatedRows() + " rows)";

        ConstraintFacts same = null;
        for (ConstraintFacts k : existing) {
            if ((a.constraint() == null || a.constraint().equals(k.name())) && k.type() == type() && ConstraintDefinition.sameDefinition(a, k)) {
                same = k;
                break;
            }
        }
        if (same != null) {
            if (same.validated()) {
                return new RewritePlan(this, statement, List.of(), noun() + " " + same.name()
                        + " already exists, validated and with the same definition: nothing to do (re-run)");
            }
            return new RewritePlan(this, statement, List.of(validate(quotedTable, same.name())), noun() + " "
                    + same.name() + " already exists NOT VALID (a previous run): validating it without blocking writes"
                    + where);
        }

        Step addNotValid = Step.locking(a.append(" NOT VALID"));
        Step validate;
        if (a.constraint() != null) {
            // Missing, or a clash PostgreSQL reports at the NOT VALID step, exactly as it would.
            validate = validate(quotedTable, a.constraint());
        } else {
            Set<String> before = new HashSet<>();
            for (ConstraintFacts k : existing) {
                before.add(k.name());
            }
            validate = Step.deferred("ALTER TABLE " + quotedTable + " VALIDATE CONSTRAINT <the name PostgreSQL gave it>",
                    StepKind.OWN_TRANSACTION, new Step.ValidateAddedConstraint(quotedTable, type(), before, noun()))
                    .withFailureNote(failureNote(quotedTable, null));
        }
        String shown = a.constraint() == null ? "the new " + noun() : noun() + " " + a.constraint();
        return new RewritePlan(this, statement, List.of(addNotValid, validate), "adding " + shown
                + " NOT VALID (brief lock, no scan), then validating it in its own transaction without blocking writes"
                + where);
    }

    private Step validate(String quotedTable, String name) {
        return Step.ownTransaction("ALTER TABLE " + quotedTable + " VALIDATE CONSTRAINT "
                + Identifiers.quote(Dialect.POSTGRESQL, name)).withFailureNote(failureNote(quotedTable, name));
    }

    private String failureNote(String quotedTable, String name) {
        String shown = name == null ? "the constraint named in the message" : Identifiers.quote(Dialect.POSTGRESQL, name);
        return "the " + noun() + " was added NOT VALID and stays: new and updated rows are checked, existing rows"
                + " are not. Fix the rows that violate it and run the migration again (it then only validates " + shown
                + "), or remove it with ALTER TABLE " + quotedTable + " DROP CONSTRAINT " + shown;
    }
}
