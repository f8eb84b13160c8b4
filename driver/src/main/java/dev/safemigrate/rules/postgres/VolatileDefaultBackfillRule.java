package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.AllowComments;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AddColumn;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD [COLUMN] c type DEFAULT <volatile expr>} (and, before PostgreSQL 11, any
 * non-null default) rewrites the whole table under ACCESS EXCLUSIVE. Sent instead, the expand recipe:
 * {@code ADD COLUMN c type} (instant) → {@code ALTER COLUMN c SET DEFAULT <expr>} (instant; new rows get
 * it) → {@code UPDATE t SET c = <expr> WHERE c IS NULL} in keyset batches (the batching engine,
 * journaled, so a re-run resumes). Existing rows read NULL in the new column until their batch
 * commits — the column is new, so code written before the migration does not read it.
 *
 * <p>Only the plain shape: one action, a nullable column whose definition ends with its DEFAULT, a
 * table with a primary key, batching on ({@code safemigrate.batch}), and no
 * {@code /* safemigrate:allow volatile-default *}{@code /} (which asks for the statement as written).
 * Everything else — NOT NULL or other column constraints, serial and identity columns — stays with the
 * {@code volatile-default} policy (refused by default, with this recipe).
 */
public final class VolatileDefaultBackfillRule extends RewriteRule {
    private static final List<String> CONSTRAINT_WORDS = List.of("NOT", "NULL", "CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY",
        "REFERENCES", "GENERATED", "COLLATE", "DEFERRABLE", "INITIALLY");

    @Override
    public String name() {
        return "volatile-default-backfill";
    }

    @Override
    public String reason() {
        return "ADD COLUMN with a volatile default rewrites the table under ACCESS EXCLUSIVE";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE || !context.settings().batch().enabled()
                || AllowComments.allows(statement.text(), Dialect.POSTGRESQL, Operation.VOLATILE_DEFAULT.rule)) {
            return null;
        }
        Shape shape = Shape.of(AddColumn.of(statement));
        if (shape == null || new VolatileDefaultCheck().findings(statement, context).isEmpty()) {
            return null; // not this shape, or the default is safe (or the table exempt): as written
        }
        TableFacts table = context.catalog().table(shape.table);
        boolean hasPrimaryKey = context.catalog().constraints(shape.table).stream().anyMatch(k -> k.type() == 'p');
        if (!table.exists() || !hasPrimaryKey) {
            return null; // the policy decides (batches need a primary key)
        }
        String column = Identifiers.quote(Dialect.POSTGRESQL, shape.column.name());
        List<Step> steps = new ArrayList<>();
        if (!context.catalog().column(shape.table, shape.column.name()).exists()) {
            steps.add(Step.locking(shape.withoutDefault));
        }
        steps.add(Step.locking("ALTER TABLE " + shape.table.sql() + " ALTER COLUMN " + column + " SET DEFAULT "
                + shape.expression));
        steps.add(Step.backfill("UPDATE " + shape.table.sql() + " SET " + column + " = " + shape.expression
                + " WHERE " + column + " IS NULL"));
        return new RewritePlan(this, statement, steps, "adding column " + column + " without its default, setting the"
                + " default for new rows, and filling the ~" + table.estimatedRows() + " existing rows in batches");
    }

    /** {@code ALTER TABLE [IF EXISTS] t ADD [COLUMN] [IF NOT EXISTS] c <type> DEFAULT <expr>}, nothing else. */
    static final class Shape {
        final QualifiedName table;
        final QualifiedName column;
        final String withoutDefault;
        final String expression;

        private Shape(QualifiedName table, QualifiedName column, String withoutDefault, String expression) {
            this.table = table;
            this.column = column;
            this.withoutDefault = withoutDefault;
            this.expression = expression;
        }

        /** The plain shape of {@code add}: DEFAULT after the type, no column constraint; else {@code null}. */
        static Shape of(AddColumn add) {
            if (add == null) {
                return null;
            }
            SqlCursor c = add.tokens();
            int i = add.column();
            int end = add.end();
            int defaultAt = add.defaultAt();
            if (defaultAt < 0 || defaultAt == i + 1 || defaultAt + 1 >= end) {
                return null;
            }
            if (hasConstraintWord(c, i + 1, defaultAt) || hasConstraintWord(c, defaultAt + 1, end)) {
                return null;
            }
            String sql = c.sql();
            String withoutDefault = sql.substring(0, c.start(defaultAt)).strip();
            String expression = sql.substring(c.start(defaultAt + 1), c.end(end - 1));
            return new Shape(add.table(), add.columnName(), withoutDefault, expression);
        }

        private static boolean hasConstraintWord(SqlCursor c, int from, int to) {
            return c.hasTopLevelWord(from, to, CONSTRAINT_WORDS);
        }
    }
}
