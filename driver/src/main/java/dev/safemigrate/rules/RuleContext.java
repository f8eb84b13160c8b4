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

    /**
     * Told each policy decision as it is made, before the statement runs or is refused; the driver ignores
     * it, the {@code plan} command lists them.
     */
    default void decided(Finding finding, PolicyOutcome outcome) {
    }

    /** What a policy decided about one finding. */
    enum PolicyOutcome {
        /** A {@code /* safemigrate:allow <rule> *}{@code /} comment in the statement allowed it. */
        ALLOWED,
        /** The policy is {@code warn}: the statement runs as written, with a warning. */
        WARNED,
        /** The policy is {@code refuse}: nothing is sent. */
        REFUSED
    }
}
