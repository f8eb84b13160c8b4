package dev.safemigrate.rules;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.sql.QualifiedName;

/** What a rule may read while planning: settings, catalog facts, the transaction. */
public interface RuleContext {
    Settings settings();

    Catalog catalog();

    /** True when the caller is inside a transaction. */
    boolean inTransaction();

    /** True when the current transaction created this table (invisible to other sessions until commit). */
    boolean createdInTransaction(QualifiedName table);
}
