package dev.safemigrate.rules.postgres;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A rule context over facts the test sets; unit-level only (the real catalog is tested against PostgreSQL).
 * Tables, columns and constraints are found by their unqualified name, all in schema {@code app}; indexes by
 * the name as written. Every function is immutable unless {@link #function} says otherwise.
 */
final class FakeContext implements RuleContext, Catalog {
    final Map<String, TableFacts> tables = new HashMap<>();
    final Map<String, IndexFacts> indexes = new HashMap<>();
    final Map<String, ColumnFacts> columns = new HashMap<>();
    final Map<String, List<ConstraintFacts>> constraints = new HashMap<>();
    final Map<String, Character> functions = new HashMap<>();
    final Map<String, MaterializedViewFacts> views = new HashMap<>();
    final Set<String> taken = new HashSet<>();
    final Set<String> created = new HashSet<>();
    /** The policy decisions the rule reported, in order. */
    final List<Map.Entry<Finding, PolicyOutcome>> decisions = new ArrayList<>();
    int version = 15;
    boolean inTransaction;
    private Settings settings = Settings.defaults();

    FakeContext table(String name, long rows) {
        tables.put(name, new TableFacts(true, "app", name, 'r', false, rows));
        return this;
    }

    /** A relation of another {@code relkind} ('p' partitioned, 'v' view, 'm' materialized view). */
    FakeContext relation(String name, char kind, long rows) {
        tables.put(name, new TableFacts(true, "app", name, kind, false, rows));
        return this;
    }

    FakeContext temporaryTable(String name, long rows) {
        tables.put(name, new TableFacts(true, "pg_temp_3", name, 'r', true, rows));
        return this;
    }

    FakeContext index(String sqlName, boolean valid, String table, String definition, long tableRows) {
        indexes.put(sqlName, new IndexFacts(true, valid, definition.contains("UNIQUE"), "app", table, definition, false,
                false, tableRows));
        return this;
    }

    /** A column of {@code table}: {@code typeName}/{@code typmod} as pg_type and atttypmod report them. */
    FakeContext column(String table, String column, String typeName, int typmod, String formatted, boolean notNull) {
        long collation = List.of("text", "varchar", "bpchar").contains(typeName) ? 100 : 0;
        columns.put(table + "." + column, new ColumnFacts(true, typeName, typmod, formatted, collation, 0, notNull));
        return this;
    }

    FakeContext column(String table, String column, ColumnFacts facts) {
        columns.put(table + "." + column, facts);
        return this;
    }

    /** A constraint of {@code table}, e.g. {@code ('f', "fk", true, "FOREIGN KEY (team) REFERENCES app.teams(id)")}. */
    FakeContext constraint(String table, char type, String name, boolean validated, String definition) {
        constraints.computeIfAbsent(table, t -> new ArrayList<>())
                .add(new ConstraintFacts(name, type, validated, definition, null));
        return this;
    }

    /** {@code provolatile} of the functions named {@code name}: 'v', 's' or 'i'. */
    FakeContext function(String name, char volatility) {
        functions.put(name, volatility);
        return this;
    }

    /** Settings as the URL would give them, e.g. {@code "safemigrate.rewrite.minRows", "0"}. */
    FakeContext settings(Map<String, String> values) throws SQLException {
        Properties none = new Properties();
        settings = SettingsResolver.resolve(values, none, none, none);
        return this;
    }

    @Override
    public Settings settings() {
        return settings;
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
    public void decided(Finding finding, PolicyOutcome decision) {
        decisions.add(Map.entry(finding, decision));
    }

    /**
     * What {@code rule} (the policies) found in {@code sql}, each as {@code "[rule] subject"}, with every policy at
     * warn: the statement must then run as written.
     */
    List<String> found(dev.safemigrate.rules.RuleHarness rule, String sql) throws SQLException {
        settings(Map.of("safemigrate.policy.default", "warn"));
        decisions.clear();
        if (!rule.asWritten(sql)) {
            throw new AssertionError("not run as written: " + sql);
        }
        return decisions.stream().map(d -> "[" + d.getKey().operation().rule + "] " + d.getKey().subject()).toList();
    }

    /** The policy decisions so far, each as {@code "WARNED [rule] subject"}. */
    List<String> decided() {
        return decisions.stream().map(d -> d.getValue() + " [" + d.getKey().operation().rule + "] " + d.getKey().subject())
                .toList();
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
        return columns.getOrDefault(table.name() + "." + column, ColumnFacts.MISSING);
    }

    @Override
    public char functionVolatility(QualifiedName function) {
        return functions.getOrDefault(function.name(), 'i');
    }

    @Override
    public MaterializedViewFacts materializedView(QualifiedName name) {
        return views.getOrDefault(name.name(), MaterializedViewFacts.MISSING);
    }

    @Override
    public List<ConstraintFacts> constraints(QualifiedName table) {
        return constraints.getOrDefault(table.name(), List.of());
    }

    @Override
    public boolean nameTaken(String schema, String name) {
        return taken.contains(name);
    }

    @Override
    public void invalidate() {
    }
}
