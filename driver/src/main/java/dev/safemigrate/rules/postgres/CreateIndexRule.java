package dev.safemigrate.rules.postgres;

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

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX name ON t …} takes a SHARE lock on {@code t} for the whole build:
 * every write waits. Sent instead: {@code CREATE [UNIQUE] INDEX CONCURRENTLY …}, which lets writes
 * through. A failed concurrent build leaves an INVALID index; it is dropped ({@code DROP INDEX
 * CONCURRENTLY IF EXISTS}) before the error is reported, and before a new build when a previous run
 * left one. An existing valid index of the same name and definition makes the statement a no-op, so
 * a migration that was half applied can run again.
 *
 * <p>Left as written: unnamed indexes (we could not check or clean them up), {@code ON ONLY} and
 * partitioned tables (PostgreSQL cannot build those concurrently), temporary tables, tables created
 * in the same transaction, and tables below {@code safemigrate.rewrite.minRows}.
 */
public final class CreateIndexRule extends RewriteRule {

    @Override
    public String name() {
        return "create-index";
    }

    @Override
    public String reason() {
        return "CREATE INDEX blocks writes to the table for the whole build";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.CREATE_INDEX || statement.concurrently() || statement.index() == null
                || statement.target() == null) {
            return null;
        }
        Shape shape = Shape.parse(statement.text());
        if (shape == null) {
            return null;
        }
        TableFacts table = context.catalog().table(statement.target());
        if (!Exemptions.worthRewriting(table, statement.target(), context)) {
            return null;
        }
        String indexName = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), statement.index().name());
        IndexFacts existing = context.catalog().index(new QualifiedName(table.schema(), statement.index().name(), indexName));
        String concurrent = statement.text().substring(0, shape.insertAt) + " CONCURRENTLY"
                + statement.text().substring(shape.insertAt);
        Step.Cleanup dropIfInvalid = new Step.Cleanup(
                "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid)",
                indexName, "DROP INDEX CONCURRENTLY IF EXISTS " + indexName,
                "dropped the INVALID index " + indexName + " the failed build left behind");
        List<Step> steps = new ArrayList<>();
        if (existing.exists() && existing.valid()) {
            if (sameDefinition(existing, table, shape, statement.text())) {
                return new RewritePlan(this, statement, List.of(), "index " + indexName
                        + " already exists, valid and with the same definition: nothing to do (re-run)");
            }
            // A different index of that name: let PostgreSQL report the clash exactly as it would.
        } else if (existing.exists()) {
            steps.add(Step.concurrent("DROP INDEX CONCURRENTLY IF EXISTS " + indexName, null));
        }
        steps.add(Step.concurrent(concurrent, dropIfInvalid));
        return new RewritePlan(this, statement, steps, (existing.exists() && !existing.valid()
                ? "dropping the INVALID index " + indexName + " a failed build left, then " : "")
                + "building " + indexName + " CONCURRENTLY (table " + table.schema() + "." + table.name() + ", ~"
                + table.estimatedRows() + " rows)");
    }

    /** Same table, same uniqueness, same method, columns and options as the server's own definition. */
    private static boolean sameDefinition(IndexFacts existing, TableFacts table, Shape shape, String sql) {
        if (!table.schema().equals(existing.schema()) || !table.name().equals(existing.table())
                || existing.unique() != shape.unique) {
            return false;
        }
        Shape server = Shape.parse(existing.definition());
        if (server == null) {
            return false;
        }
        SqlCursor ours = SqlCursor.over(sql, Dialect.POSTGRESQL);
        SqlCursor theirs = SqlCursor.over(existing.definition(), Dialect.POSTGRESQL);
        int oursFrom = shape.afterTable;
        int theirsFrom = server.afterTable;
        // The server always prints USING <method>; btree is the default when the statement names none.
        if (!ours.isWord(oursFrom, "USING")) {
            if (!theirs.isWords(theirsFrom, "USING", "BTREE")) {
                return false;
            }
            theirsFrom += 2;
        }
        return ours.sameTokens(oursFrom, ours.sizeWithoutSemicolon(), theirs, theirsFrom, theirs.sizeWithoutSemicolon());
    }

    /** The parts of {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table …} the rule needs. */
    static final class Shape {
        final boolean unique;
        /** Offset just after the INDEX keyword, where CONCURRENTLY goes. */
        final int insertAt;
        /** Token index just past the table name. */
        final int afterTable;

        private Shape(boolean unique, int insertAt, int afterTable) {
            this.unique = unique;
            this.insertAt = insertAt;
            this.afterTable = afterTable;
        }

        static Shape parse(String sql) {
            SqlCursor c = SqlCursor.over(sql, Dialect.POSTGRESQL);
            int i = 0;
            if (!c.isWord(i++, "CREATE")) {
                return null;
            }
            boolean unique = c.isWord(i, "UNIQUE");
            if (unique) {
                i++;
            }
            if (!c.isWord(i, "INDEX")) {
                return null;
            }
            int insertAt = c.end(i++);
            if (c.isWord(i, "CONCURRENTLY")) {
                return null;
            }
            if (c.isWords(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            if (!c.isName(i) || c.isWord(i, "ON")) {
                return null; // unnamed
            }
            i = c.nameEnd(i);
            if (!c.isWord(i++, "ON") || c.isWord(i, "ONLY") || !c.isName(i)) {
                return null;
            }
            return new Shape(unique, insertAt, c.nameEnd(i));
        }
    }
}
