package dev.safemigrate.plan;

import dev.safemigrate.dialect.mysql.MySqlFacts;
import dev.safemigrate.dialect.mysql.MySqlServer;
import dev.safemigrate.rules.postgres.TypeChange;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalog {@code plan} uses without a database: it answers what the rules ask with the assumption that
 * shows the driver's rewrite (the statement is planned against a big, existing table) and records every
 * assumption it made, so the report can say what a live catalog ({@code --url}) would check. Facts it
 * cannot assume are recorded as unknowns: the verdict then says "needs --url" instead of guessing.
 *
 * <p>Assumptions: tables (and the objects a statement drops or alters) exist with at least
 * {@code rewrite.minRows} rows, unless created in the same migration (see {@link PlannedSchema}); objects a statement creates do not exist
 * yet; columns are nullable; tables have a primary key; no constraint of the same name exists (no re-run);
 * PostgreSQL 12 or later, MySQL 8.4, MariaDB 10.11.
 */
final class AssumedCatalog implements MySqlFacts {
    /** The row estimate of a table of unknown size: above any {@code rewrite.minRows}. */
    static final long UNKNOWN_ROWS = Long.MAX_VALUE;

    /** Volatility of well-known PostgreSQL functions; anything else is unknown without a database. */
    private static final Map<String, Character> VOLATILITY = Map.ofEntries(
            Map.entry("random", 'v'), Map.entry("clock_timestamp", 'v'), Map.entry("gen_random_uuid", 'v'),
            Map.entry("uuid_generate_v4", 'v'), Map.entry("uuid_generate_v1", 'v'), Map.entry("nextval", 'v'),
            Map.entry("timeofday", 'v'), Map.entry("setval", 'v'), Map.entry("txid_current", 'v'),
            Map.entry("now", 's'), Map.entry("current_timestamp", 's'), Map.entry("statement_timestamp", 's'),
            Map.entry("transaction_timestamp", 's'), Map.entry("current_date", 's'), Map.entry("localtimestamp", 's'),
            Map.entry("current_user", 's'), Map.entry("lower", 'i'), Map.entry("upper", 'i'),
            Map.entry("length", 'i'), Map.entry("coalesce", 'i'), Map.entry("concat", 's'));

    private final Dialect dialect;
    private final MySqlServer server;
    private final PlannedSchema planned;
    private final Set<String> assumptions = new LinkedHashSet<>();
    private final Set<String> unknowns = new LinkedHashSet<>();
    private SqlStatement current;
    /** Of the columns asked about for the current statement: how many, and how many the history wrote. */
    private int columnsAsked;
    private int columnsWritten;

    AssumedCatalog(Dialect dialect, boolean mariadb, PlannedSchema planned) {
        this.dialect = dialect;
        this.server = MySqlServer.parse(mariadb ? "10.11.0-MariaDB" : "8.4.0");
        this.planned = planned;
    }

    /** Starts a statement: its assumptions are collected afresh. */
    void begin(SqlStatement statement) {
        current = statement;
        assumptions.clear();
        unknowns.clear();
        columnsAsked = 0;
        columnsWritten = 0;
    }

    List<String> assumptions() {
        return new ArrayList<>(assumptions);
    }

    List<String> unknowns() {
        return new ArrayList<>(unknowns);
    }

    /**
     * True when the statement asked about columns and the migrations read so far wrote every one of them:
     * their types are known, so a type change's verdict does not need a live fact.
     */
    boolean columnsFromHistory() {
        return columnsAsked > 0 && columnsAsked == columnsWritten;
    }

    void unknown(String fact) {
        unknowns.add(fact);
    }

    @Override
    public MySqlServer server() {
        assumptions.add(server + " (give --url for the real server)");
        return server;
    }

    @Override
    public int majorVersion() {
        if (dialect == Dialect.MYSQL) {
            return server().major();
        }
        assumptions.add("PostgreSQL 12 or later");
        return 16;
    }

    @Override
    public TableFacts table(QualifiedName name) {
        String schema = schemaOf(name);
        if (planned.createdTable(name)) {
            return new TableFacts(true, schema, name.name(), 'r', false, 0);
        }
        if (current != null && current.ddlKind() == DdlKind.CREATE_TABLE && current.target() != null
                && current.target().name().equals(name.name())) {
            return TableFacts.MISSING;
        }
        String creator = planned.createdEarlierBy(name);
        assumptions.add(creator == null ? "table " + name.sql() + " exists and is big (at least rewrite.minRows rows)"
                : "table " + name.sql() + " was created by an earlier migration (" + creator + "): it exists and may"
                + " have grown big since (at least rewrite.minRows rows)");
        return new TableFacts(true, schema, name.name(), 'r', false, UNKNOWN_ROWS);
    }

    @Override
    public IndexFacts index(QualifiedName name) {
        boolean existing = current != null && current.isDdl() && (current.ddlKind() == DdlKind.DROP_INDEX
                || current.ddlKind() == DdlKind.REINDEX || current.ddlKind() == DdlKind.ALTER_INDEX);
        if (!existing) {
            return IndexFacts.MISSING; // the statement creates it: no earlier run left one behind
        }
        String schema = schemaOf(name);
        String plannedTable = planned.tableOfIndex(name);
        if (plannedTable != null) {
            return new IndexFacts(true, true, false, schema, plannedTable, null, false, false,
                    planned.createdTable(new QualifiedName(null, plannedTable, plannedTable)) ? 0 : UNKNOWN_ROWS);
        }
        assumptions.add("index " + name.sql() + " exists, backs no constraint, and its table is big");
        return new IndexFacts(true, true, false, schema, "(its table)", null, false, false, UNKNOWN_ROWS);
    }

    @Override
    public ColumnFacts column(QualifiedName table, String column) {
        if (addsColumn(column)) {
            return ColumnFacts.MISSING;
        }
        WrittenColumns.Column written = dialect == Dialect.POSTGRESQL ? planned.column(table, column) : null;
        columnsAsked++;
        if (written != null) {
            columnsWritten++;
            assumptions.add("column " + column + " of " + table.sql() + " is " + written.written()
                    + (written.notNull() ? " NOT NULL" : " (nullable)") + ", as " + written.createdBy()
                    + " left it (give --url if production differs)");
            return new ColumnFacts(true, written.type().typeName(), written.type().typmod(), written.written(),
                    TypeChange.DEFAULT_COLLATION, 0, written.notNull());
        }
        assumptions.add("column " + column + " of " + table.sql() + " exists and is nullable");
        // An empty type name matches no binary-compatible change: the planner turns the verdict into "needs --url".
        return new ColumnFacts(true, "", -1, "its current type", 0, 0, false);
    }

    /**
     * For an expansion: the column the statement renames or retypes exists, nothing else names it (the live
     * catalog lists what would be copied or refused); the names the expansion creates do not exist.
     */
    @Override
    public ColumnUse columnUse(QualifiedName table, String column) {
        if (current == null || !namesExisting(column)) {
            return null;
        }
        assumptions.add("column " + column + " of " + table.sql() + " exists and nothing else names it (no view,"
                + " index, constraint or trigger: --url lists what would be copied or refused)");
        String schema = schemaOf(table);
        return new ColumnUse(table.sql(), schema, table.name(), "<its current type>", null, null, false, false, false,
                null, false, false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    @Override
    public TableUse tableUse(QualifiedName table) {
        assumptions.add("table " + table.sql() + " has no row-level security and is in no publication");
        return new TableUse(false, List.of(), List.of());
    }

    @Override
    public boolean castsOnAssignment(String from, String to) {
        unknowns.add("whether the column's type converts to " + to + " without USING");
        return true;
    }

    @Override
    public char functionVolatility(QualifiedName function) {
        Character known = VOLATILITY.get(function.name().toLowerCase(Locale.ROOT));
        if (known == null) {
            unknowns.add("whether function " + function.sql() + " is volatile (a volatile default rewrites the table)");
            return 0;
        }
        return known;
    }

    @Override
    public MaterializedViewFacts materializedView(QualifiedName name) {
        assumptions.add("materialized view " + name.sql() + " is populated and has the unique index"
                + " REFRESH … CONCURRENTLY needs");
        return new MaterializedViewFacts(true, schemaOf(name), name.name(), true, true);
    }

    @Override
    public List<ConstraintFacts> constraints(QualifiedName table) {
        if (current != null && current.tokens().findTopLevelWord(0, "PRIMARY") >= 0) {
            return List.of();
        }
        assumptions.add("table " + table.sql() + " has a primary key and none of the statement's constraints yet");
        return List.of(new ConstraintFacts(table.name() + "_pkey", 'p', true, "PRIMARY KEY (id)", table.name() + "_pkey"));
    }

    @Override
    public boolean nameTaken(String schema, String name) {
        return false;
    }

    @Override
    public void invalidate() {
        // nothing is cached: every answer is an assumption
    }

    private String schemaOf(QualifiedName name) {
        if (name.schema() != null) {
            return name.schema();
        }
        return dialect == Dialect.POSTGRESQL ? "public" : "(current database)";
    }

    /**
     * True when the statement being planned names {@code column} as an existing column: it is one of its
     * names, but not the new name of a {@code RENAME … TO}.
     */
    private boolean namesExisting(String column) {
        SqlCursor c = current.tokens();
        boolean named = false;
        for (int k = 0; k < c.sizeWithoutSemicolon(); k++) {
            if (c.isName(k) && c.folded(k).equals(column)) {
                if (c.isWord(k - 1, "TO")) {
                    return false;
                }
                named = true;
            }
        }
        return named;
    }

    /** True when the statement being planned adds this column ({@code ADD [COLUMN] [IF NOT EXISTS] c}). */
    private boolean addsColumn(String column) {
        if (current == null) {
            return false;
        }
        SqlCursor c = current.tokens();
        for (int k = 0; k < c.sizeWithoutSemicolon(); k++) {
            if (!c.isWord(k, "ADD")) {
                continue;
            }
            int i = k + 1;
            if (c.isWord(i, "COLUMN")) {
                i++;
            }
            if (c.isWords(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            if (c.isName(i) && c.name(i).name().equals(column)) {
                return true;
            }
        }
        return false;
    }
}
