package dev.safemigrate.plan;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules read while {@code plan} asks them about one statement. Outside a transaction (the plan
 * states separately what a migration tool's transaction changes); a table created earlier in the planned
 * migrations counts as created in the transaction: new, empty, invisible to running code. Collects the
 * policy decisions the rules make.
 */
final class PlanContext implements RuleContext {
    record Decided(Finding finding, PolicyOutcome decision) {
    }

    private final Settings settings;
    private final Catalog catalog;
    private final PlannedSchema planned;
    private final List<Decided> decisions = new ArrayList<>();

    PlanContext(Settings settings, Catalog catalog, PlannedSchema planned) {
        this.settings = settings;
        this.catalog = catalog;
        this.planned = planned;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public boolean inTransaction() {
        return false;
    }

    @Override
    public boolean createdInTransaction(QualifiedName table) {
        return planned.createdTable(table);
    }

    @Override
    public void decided(Finding finding, PolicyOutcome outcome) {
        decisions.add(new Decided(finding, outcome));
    }

    List<Decided> decisions() {
        return decisions;
    }
}
