package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.QualifiedName;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Facts a test sets for the expansion rules (unit level; the real catalog is tested against PostgreSQL): one
 * table {@code app.users} with a primary key, its columns' uses, and the expansions recorded for it.
 */
final class ExpansionCatalog implements RuleContext, Catalog {
    final Map<String, ColumnUse> columns = new HashMap<>();
    final List<ExpansionFacts> expansions = new ArrayList<>();
    final Set<String> taken = new HashSet<>();
    final Map<String, ColumnFacts> columnFacts = new HashMap<>();
    /** Pairs "from->to" PostgreSQL converts on assignment. */
    final Set<String> assignable = new HashSet<>();
    long rows = 50_000;
    TableUse tableUse = new TableUse(false, List.of("GRANT SELECT ON %s TO reader"), List.of());
    boolean primaryKey = true;
    String primaryKeyDefinition = "PRIMARY KEY (id)";
    int version = 15;
    private Settings settings;

    ExpansionCatalog(String... settings) throws SQLException {
        Map<String, String> values = new HashMap<>();
        for (int k = 0; k < settings.length; k += 2) {
            values.put(settings[k], settings[k + 1]);
        }
        Properties none = new Properties();
        this.settings = SettingsResolver.resolve(values, none, none, none);
    }

    /** A plain column {@code name} of {@code users}: text, nothing naming it. */
    static ColumnUse plain(String column, boolean notNull, String defaultExpression) {
        return new ColumnUse("app.users", "app", "users", "text", null, defaultExpression, notNull, false, false, null,
                false, false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    ExpansionCatalog column(String name, ColumnUse use) {
        columns.put(name, use);
        return this;
    }

    ExpansionCatalog typeChange(long id, String status) {
        expansions.add(new ExpansionFacts(id, "alter-column-type", "app", "users", "amount", "amount_sm_old", status,
                Instant.now().minusSeconds(60), "ALTER TABLE users ALTER COLUMN amount TYPE bigint",
                "ALTER TABLE app.users DROP COLUMN \"amount_sm_old\"", "DROP TRIGGER …; DROP COLUMN amount_sm_new"));
        return this;
    }

    ExpansionCatalog tableRename(long id) {
        expansions.add(new ExpansionFacts(id, "rename-table", "app", "users", "users", "people", "expanded",
                Instant.now().minusSeconds(60), "ALTER TABLE users RENAME TO people", "DROP VIEW \"app\".\"users\"",
                "DROP VIEW \"app\".\"users\";\nALTER TABLE \"app\".\"people\" RENAME TO \"users\""));
        return this;
    }

    ExpansionCatalog drop(long id, String status) {
        expansions.add(new ExpansionFacts(id, "drop-column", "app", "users", "nickname", "users_sm_archive_nickname",
                status, Instant.now().minusSeconds(600), "ALTER TABLE users DROP COLUMN nickname",
                "DROP TRIGGER …; ALTER TABLE app.users DROP COLUMN \"nickname\"", "DROP TRIGGER …; DROP TABLE …"));
        return this;
    }

    ExpansionCatalog expansion(long id, String status) {
        expansions.add(new ExpansionFacts(id, "rename-column", "app", "users", "name", "full_name", status,
                Instant.now().minusSeconds(7200), "ALTER TABLE users RENAME COLUMN name TO full_name",
                "DROP TRIGGER … ; ALTER TABLE app.users DROP COLUMN \"name\"", "DROP TRIGGER … ; DROP COLUMN full_name"));
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
        return false;
    }

    @Override
    public boolean createdInTransaction(QualifiedName table) {
        return false;
    }

    @Override
    public int majorVersion() {
        return version;
    }

    @Override
    public TableFacts table(QualifiedName name) {
        return name.name().equals("users") ? new TableFacts(true, "app", "users", 'r', false, rows) : TableFacts.MISSING;
    }

    @Override
    public IndexFacts index(QualifiedName name) {
        return IndexFacts.MISSING;
    }

    @Override
    public ColumnFacts column(QualifiedName table, String column) {
        return columnFacts.getOrDefault(column, ColumnFacts.MISSING);
    }

    @Override
    public TableUse tableUse(QualifiedName table) {
        return tableUse;
    }

    @Override
    public boolean castsOnAssignment(String from, String to) {
        return assignable.contains(from + "->" + to);
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
    public List<ConstraintFacts> constraints(QualifiedName table) {
        return primaryKey ? List.of(new ConstraintFacts("users_pkey", 'p', true, primaryKeyDefinition, "users_pkey"))
                : List.of();
    }

    @Override
    public boolean nameTaken(String schema, String name) {
        return taken.contains(name);
    }

    @Override
    public ColumnUse columnUse(QualifiedName table, String column) {
        return columns.get(column);
    }

    @Override
    public List<ExpansionFacts> expansions(QualifiedName table) {
        return expansions;
    }

    @Override
    public void invalidate() {
    }
}
