package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.IndexFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
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
import dev.safemigrate.sql.shape.AlterTableAdd;
import dev.safemigrate.sql.shape.CreateIndex;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link UniqueConstraintRule} and {@link PrimaryKeyRule} share: {@code ALTER TABLE t ADD
 * [CONSTRAINT c] UNIQUE|PRIMARY KEY (cols)} builds its index under a SHARE lock (or stronger) held for the
 * whole build. Sent instead: {@code CREATE UNIQUE INDEX CONCURRENTLY <c> ON t (cols)} (CONCURRENT: writes
 * continue; an INVALID index left by a failed build is dropped), then {@code ALTER TABLE t ADD CONSTRAINT
 * <c> UNIQUE|PRIMARY KEY USING INDEX <c>} (LOCKING: brief, no scan).
 *
 * <p><b>Names.</b> The index gets the constraint's name, as PostgreSQL does. Unnamed: PostgreSQL names the
 * constraint {@code <table>_pkey} or {@code <table>_<col>_<col>…_key}, and only when that name is taken by
 * a relation or a constraint of the schema, or longer than 63 bytes, does it pick another (numbered or
 * truncated). The rule computes that name only in the case where it is certain: untruncated and free in
 * the schema (or taken only by this rewrite's own leftovers, below); otherwise the statement is left as
 * written.
 *
 * <p><b>Re-runs.</b> A constraint of that name with the same definition → nothing to do. A valid unique
 * index of that name on the table with the same columns, backing no constraint (a previous run built it,
 * then could not attach it) → only the ADD CONSTRAINT … USING INDEX step. An INVALID index of that name on
 * the table (a failed concurrent build) → dropped concurrently, then rebuilt. For an unnamed statement
 * this means a leftover index named like PostgreSQL's default is reused where PostgreSQL would have picked
 * {@code …_key1}; the resulting constraint is the same apart from the name. Anything else of that name:
 * named → the rewrite is sent and PostgreSQL reports the clash; unnamed → left as written.
 *
 * <p>Left as written: anything but a plain column list ({@code INCLUDE}, {@code WITH}, {@code NULLS NOT
 * DISTINCT}, {@code USING INDEX …}, {@code DEFERRABLE}…), {@code ONLY}, several actions, partitioned,
 * temporary, small tables and tables created in the same transaction.
 */
abstract class IndexBackedConstraintRule extends RewriteRule {

    /** {@code pg_constraint.contype}. */
    abstract char type();

    /** The keywords of the constraint: {@code UNIQUE} or {@code PRIMARY KEY}. */
    abstract String keywords();

    /** PostgreSQL's default name for the unnamed constraint, before any clash or truncation. */
    abstract String defaultName(String table, List<String> columns);

    /** Whether the rule may rewrite for these columns (PRIMARY KEY: all already NOT NULL). */
    abstract boolean columnsAllowed(QualifiedName table, List<String> columns, RuleContext context) throws SQLException;

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return null;
        }
        AlterTableAdd a = AlterTableAdd.of(statement);
        if (a == null) {
            return null;
        }
        SqlCursor c = a.tokens();
        String[] words = keywords().split(" ");
        if (!c.isWords(a.body(), words)) {
            return null;
        }
        int open = a.body() + words.length;
        if (!c.isPunct(open, '(') || c.closingParen(open) != a.end() - 1) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        for (int i = open + 1; i < a.end() - 1; i++) {
            if (!c.isName(i) || c.nameEnd(i) != i + 1 || !(c.isPunct(i + 1, ',') || i + 1 == a.end() - 1)) {
                return null;
            }
            columns.add(c.name(i).name());
            i++; // the comma
        }
        if (columns.isEmpty()) {
            return null;
        }
        TableFacts table = context.catalog().table(a.table());
        if (!Exemptions.worthRewriting(table, a.table(), context) || table.kind() != 'r') {
            return null;
        }
        String quotedTable = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name());
        QualifiedName resolved = new QualifiedName(table.schema(), table.name(), quotedTable);
        if (!columnsAllowed(resolved, columns, context)) {
            return null;
        }
        boolean named = a.constraint() != null;
        String name = named ? a.constraint() : defaultName(table.name(), columns);
        if (ConstraintDefinition.bytes(name) > ConstraintDefinition.MAX_NAME_BYTES) {
            return null; // PostgreSQL would truncate (named) or shorten the parts (unnamed): not our guess to make
        }
        String quotedName = Identifiers.quote(Dialect.POSTGRESQL, name);
        String qualifiedIndex = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), name);
        String where = " (table " + table.schema() + "." + table.name() + ", ~" + table.estimatedRows() + " rows)";

        List<ConstraintFacts> constraints = context.catalog().constraints(resolved);
        for (ConstraintFacts k : constraints) {
            if (k.name().equals(name)) {
                if (k.type() == type() && ConstraintDefinition.sameDefinition(a, k)) {
                    return new RewritePlan(this, statement, List.of(), keywords() + " constraint " + name
                            + " already exists with the same definition: nothing to do (re-run)");
                }
                if (!named) {
                    return null;
                }
            }
        }
        if (type() == 'p' && constraints.stream().anyMatch(k -> k.type() == 'p')) {
            // A second primary key: PostgreSQL refuses it at once (42P16, "multiple primary keys"). Building the
            // index first would fail differently (23505 on duplicates) or leave an index behind.
            return null;
        }
        IndexFacts index = context.catalog().index(new QualifiedName(table.schema(), name, qualifiedIndex));
        boolean onThisTable = index.exists() && table.schema().equals(index.schema()) && table.name().equals(index.table());
        boolean reuse = onThisTable && index.valid() && index.unique() && !index.backsConstraint()
                && sameColumns(index.definition(), c, open, a.end());
        boolean dropFirst = onThisTable && !index.valid() && !index.backsConstraint();
        if (!named && !reuse && !dropFirst && context.catalog().nameTaken(table.schema(), name)) {
            return null; // PostgreSQL would choose another name
        }
        String columnList = c.sql().substring(c.start(open), c.end(a.end() - 1));
        Step attach = Step.locking("ALTER TABLE " + quotedTable + " ADD CONSTRAINT " + quotedName + " " + keywords()
                + " USING INDEX " + quotedName).withFailureNote("the unique index " + qualifiedIndex
                + " was built and stays; run the migration again (it reuses the index) or remove it with DROP INDEX"
                + " CONCURRENTLY " + qualifiedIndex);
        if (reuse) {
            return new RewritePlan(this, statement, List.of(attach), "the unique index " + qualifiedIndex
                    + " a previous run built exists: attaching it as the " + keywords() + " constraint" + where);
        }
        List<Step> steps = new ArrayList<>();
        if (dropFirst) {
            steps.add(Step.concurrent("DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndex, null));
        }
        steps.add(Step.concurrent("CREATE UNIQUE INDEX CONCURRENTLY " + quotedName + " ON " + quotedTable + " "
                + columnList, new Step.Cleanup(
                "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid)",
                qualifiedIndex, "DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndex,
                "dropped the INVALID index " + qualifiedIndex + " the failed build left behind")));
        steps.add(attach);
        return new RewritePlan(this, statement, steps, (dropFirst ? "dropping the INVALID index " + qualifiedIndex
                + " a failed build left, then " : "") + "building the unique index " + qualifiedIndex
                + " CONCURRENTLY, then attaching it as the " + keywords() + " constraint (brief lock)" + where);
    }

    /** True when the index definition is {@code … USING btree (<the same columns>)} and nothing else. */
    private static boolean sameColumns(String definition, SqlCursor ours, int open, int end) {
        SqlCursor theirs = SqlCursor.over(definition, Dialect.POSTGRESQL); // the server's text
        CreateIndex shape = CreateIndex.parse(theirs);
        if (shape == null || shape.concurrently() || shape.name() == null || shape.only() || !shape.unique()) {
            return false;
        }
        int from = shape.afterTable();
        if (!theirs.isWords(from, "USING", "BTREE")) {
            return false;
        }
        return ours.sameTokens(open, end, theirs, from + 2, theirs.sizeWithoutSemicolon());
    }
}
