package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

/**
 * When a rewrite is not needed: the statement stays as written, atomic and fast, still under the lock
 * timeout. No other session can be waiting on a table it cannot see (temporary, or created in this
 * transaction), and on a small table the strong lock is held for milliseconds.
 */
final class Exemptions {
    private Exemptions() {
    }

    static boolean worthRewriting(TableFacts table, QualifiedName name, RuleContext context) {
        return table.exists()
                && (table.kind() == 'r' || table.kind() == 'm')
                && !table.temporary()
                && !context.createdInTransaction(name)
                && table.estimatedRows() >= context.settings().rewriteMinRows();
    }
}
