package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT c] PRIMARY KEY (cols)} builds its index (and sets missing NOT NULLs
 * with a scan) under ACCESS EXCLUSIVE: reads and writes wait for the whole build. Sent instead, when every
 * key column is already NOT NULL: the unique index built concurrently, then attached with {@code ADD
 * CONSTRAINT c PRIMARY KEY USING INDEX c}; see {@link IndexBackedConstraintRule}.
 *
 * <p>A nullable key column leaves the statement as written: attaching the index would still make
 * PostgreSQL scan the table under ACCESS EXCLUSIVE to set NOT NULL. Make the columns NOT NULL first in an
 * earlier statement ({@link SetNotNullRule} does that without blocking), then add the key.
 */
public final class PrimaryKeyRule extends IndexBackedConstraintRule {

    @Override
    public String name() {
        return "add-primary-key";
    }

    @Override
    public String reason() {
        return "ADD PRIMARY KEY blocks reads and writes of the table while it builds the index";
    }

    @Override
    char type() {
        return 'p';
    }

    @Override
    String keywords() {
        return "PRIMARY KEY";
    }

    @Override
    String defaultName(String table, List<String> columns) {
        return table + "_pkey";
    }

    @Override
    boolean columnsAllowed(QualifiedName table, List<String> columns, RuleContext context) throws SQLException {
        for (String column : columns) {
            ColumnFacts facts = context.catalog().column(table, column);
            if (!facts.exists() || !facts.notNull()) {
                return false;
            }
        }
        return true;
    }
}
