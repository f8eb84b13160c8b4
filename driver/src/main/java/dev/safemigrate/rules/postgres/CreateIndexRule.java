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
import dev.safemigrate.sql.shape.CreateIndex;

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
        CreateIndex shape = CreateIndex.of(statement);
        if (!understood(shape)) {
            return null;
        }
        TableFacts table = context.catalog().table(statement.target());
        if (!Exemptions.worthRewriting(table, statement.target(), context)) {
            return null;
        }
        String indexName = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), statement.index().name());
        IndexFacts existing = context.catalog().index(new QualifiedName(table.schema(), statement.index().name(), indexName));
        String concurrent = statement.text().substring(0, shape.afterIndexKeyword()) + " CONCURRENTLY"
                + statement.text().substring(shape.afterIndexKeyword());
        Step.Cleanup dropIfInvalid = new Step.Cleanup(
                "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid)",
                indexName, "DROP INDEX CONCURRENTLY IF EXISTS " + indexName,
                "dropped the INVALID index " + indexName + " the failed build left behind");
        List<Step> steps = new ArrayList<>();
        if (existing.exists() && existing.valid()) {
            if (sameDefinition(existing, table, shape)) {
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

    /**
     * A named index on a table, written without CONCURRENTLY and ON ONLY: the statements (and server
     * definitions) this rule compares and rewrites.
     */
    private static boolean understood(CreateIndex shape) {
        return shape != null && !shape.concurrently() && shape.name() != null && !shape.only();
    }

    /** Same table, same uniqueness, same method, columns and options as the server's own definition. */
    private static boolean sameDefinition(IndexFacts existing, TableFacts table, CreateIndex shape) {
        if (!table.schema().equals(existing.schema()) || !table.name().equals(existing.table())
                || existing.unique() != shape.unique()) {
            return false;
        }
        SqlCursor theirs = SqlCursor.over(existing.definition(), Dialect.POSTGRESQL); // the server's text
        CreateIndex server = CreateIndex.parse(theirs);
        if (!understood(server)) {
            return false;
        }
        SqlCursor ours = shape.tokens();
        int oursFrom = shape.afterTable();
        int theirsFrom = server.afterTable();
        // The server always prints USING <method>; btree is the default when the statement names none.
        if (!ours.isWord(oursFrom, "USING")) {
            if (!theirs.isWords(theirsFrom, "USING", "BTREE")) {
                return false;
            }
            theirsFrom += 2;
        }
        return ours.sameTokens(oursFrom, ours.sizeWithoutSemicolon(), theirs, theirsFrom, theirs.sizeWithoutSemicolon());
    }
}
