package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

/**
 * When a rewrite is not needed: the statement stays as written, atomic and fast, still under the lock
 * timeout. No other session can be waiting on a table it cannot see (temporary, or created in this
 * transaction), and on a small table the strong lock is held for milliseconds.
 */
public final class Exemptions {
    private Exemptions() {
    }

    public static boolean worthRewriting(TableFacts table, QualifiedName name, RuleContext context) {
        return table.exists()
                && (table.kind() == 'r' || table.kind() == 'm')
                && !table.temporary()
                && !context.createdInTransaction(name)
                && table.estimatedRows() >= context.settings().rewriteMinRows();
    }

    /**
     * For operations that block the table for as long as they run: true unless the table is missing,
     * not a table, temporary, created in this transaction, or estimated below
     * {@code safemigrate.rewrite.minRows}. A partitioned table counts as big (its estimate is its
     * partitions').
     */
    public static boolean blocksTraffic(TableFacts table, QualifiedName name, RuleContext context) {
        return table.exists()
                && (table.kind() == 'r' || table.kind() == 'p' || table.kind() == 'm')
                && !table.temporary()
                && !context.createdInTransaction(name)
                && (table.kind() == 'p' || table.estimatedRows() >= context.settings().rewriteMinRows());
    }

    /**
     * For operations that break running code whatever the table's size: true unless the table is
     * missing (PostgreSQL reports it), not a table, temporary, or created in this transaction (no
     * running code can use it yet).
     */
    public static boolean visibleToApplications(TableFacts table, QualifiedName name, RuleContext context) {
        return table.exists()
                && (table.kind() == 'r' || table.kind() == 'p')
                && !table.temporary()
                && !context.createdInTransaction(name);
    }
}
