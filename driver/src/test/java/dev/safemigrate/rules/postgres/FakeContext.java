package dev.safemigrate.rules.postgres;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A rule context over facts the test sets; unit-level only (the real catalog is tested against PostgreSQL). */
final class FakeContext implements RuleContext, Catalog {
    final Map<String, TableFacts> tables = new HashMap<>();
    final Map<String, IndexFacts> indexes = new HashMap<>();
    final Set<String> created = new HashSet<>();
    int version = 15;
    boolean inTransaction;

    FakeContext table(String name, long rows) {
        tables.put(name, new TableFacts(true, "app", name, 'r', false, rows));
        return this;
    }

    FakeContext index(String sqlName, boolean valid, String table, String definition, long tableRows) {
        indexes.put(sqlName, new IndexFacts(true, valid, definition.contains("UNIQUE"), "app", table, definition, false,
                false, tableRows));
        return this;
    }

    @Override
    public Settings settings() {
        return Settings.defaults();
    }

    @Override
    public Catalog catalog() {
        return this;
    }

    @Override
    public boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public boolean createdInTransaction(QualifiedName table) {
        return created.contains(table.name());
    }

    @Override
    public int majorVersion() {
        return version;
    }

    @Override
    public TableFacts table(QualifiedName name) {
        return tables.getOrDefault(name.name(), TableFacts.MISSING);
    }

    @Override
    public IndexFacts index(QualifiedName name) {
        return indexes.getOrDefault(name.sql(), IndexFacts.MISSING);
    }

    @Override
    public ColumnFacts column(QualifiedName table, String column) {
        return ColumnFacts.MISSING;
    }

    @Override
    public char functionVolatility(QualifiedName function) {
        return 'i';
    }

    @Override
    public MaterializedViewFacts materializedView(QualifiedName name) {
        return MaterializedViewFacts.MISSING;
    }

    @Override
    public java.util.List<ConstraintFacts> constraints(QualifiedName table) {
        return java.util.List.of();
    }

    @Override
    public boolean nameTaken(String schema, String name) {
        return false;
    }

    @Override
    public void invalidate() {
    }
}
