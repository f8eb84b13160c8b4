package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.util.List;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT c] UNIQUE (cols)} builds its index while holding a lock that
 * blocks every write (and, being ALTER TABLE, reads too) for the whole build. Sent instead: the unique
 * index built concurrently, then attached with {@code ADD CONSTRAINT c UNIQUE USING INDEX c}; see
 * {@link IndexBackedConstraintRule} for names, re-runs and what is left as written.
 */
public final class UniqueConstraintRule extends IndexBackedConstraintRule {

    @Override
    public String name() {
        return "add-unique";
    }

    @Override
    public String reason() {
        return "ADD UNIQUE blocks reads and writes of the table while it builds the index";
    }

    @Override
    char type() {
        return 'u';
    }

    @Override
    String keywords() {
        return "UNIQUE";
    }

    @Override
    String defaultName(String table, List<String> columns) {
        return table + "_" + String.join("_", columns) + "_key";
    }

    @Override
    boolean columnsAllowed(QualifiedName table, List<String> columns, RuleContext context) {
        return true;
    }
}
