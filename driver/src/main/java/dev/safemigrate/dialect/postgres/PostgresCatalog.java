package dev.safemigrate.dialect.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.ArrayList;

/**
 * PostgreSQL catalog facts for one connection, cached (Caffeine, small and bounded) until the driver
 * runs DDL. Names are resolved with {@code to_regclass}, i.e. through the session's search_path,
 * exactly as the statement itself will resolve them.
 */
public final class PostgresCatalog implements Catalog {
    private static final String TABLE_SQL =
            "SELECT n.nspname, c.relname, c.relkind, c.relpersistence = 't', c.reltuples::bigint"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)";

    private static final String INDEX_SQL =
            "SELECT i.indisvalid, i.indisunique, tn.nspname, t.relname, pg_get_indexdef(i.indexrelid),"
                    + " EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid),"
                    + " c.relkind = 'I', t.reltuples::bigint"
                    + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                    + " WHERE i.indexrelid = to_regclass(?)";

    private static final String COLUMN_SQL =
            "SELECT t.typname, a.atttypmod, format_type(a.atttypid, a.atttypmod), a.attcollation::bigint, a.attndims,"
                    + " a.attnotnull"
                    + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                    + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";

    /** pg_catalog is searched even when the search_path does not name it, as PostgreSQL does. */
    private static final String VOLATILITY_SQL =
            "SELECT max(CASE p.provolatile WHEN 'v' THEN 3 WHEN 's' THEN 2 ELSE 1 END)"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE p.proname = ? AND (CASE WHEN ?::text IS NULL"
                    + "   THEN n.nspname = ANY (current_schemas(true)) ELSE n.nspname = ? END)";

    private static final String CONSTRAINTS_SQL =
            "SELECT k.conname, k.contype, k.convalidated, pg_get_constraintdef(k.oid), i.relname"
                    + " FROM pg_constraint k LEFT JOIN pg_class i ON i.oid = k.conindid AND k.contype IN ('u', 'p', 'x')"
                    + " WHERE k.conrelid = to_regclass(?) ORDER BY k.conname";

    private static final String NAME_TAKEN_SQL =
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + "               WHERE n.nspname = ? AND c.relname = ?)"
                    + " OR EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
                    + "            WHERE n.nspname = ? AND k.conname = ?)";

    private static final String MATVIEW_SQL =
            "SELECT n.nspname, c.relname, c.relispopulated,"
                    + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid"
                    + "         AND i.indimmediate AND i.indpred IS NULL AND i.indexprs IS NULL)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.oid = to_regclass(?) AND c.relkind = 'm'";

    /** Upper bound of the count used for never-analysed tables: enough to compare with any threshold we accept. */
    private static final long COUNT_LIMIT = 2_000_000_001L;

    private final Connection raw;
    private final long rowThreshold;
    private final Cache<String, TableFacts> tables = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, IndexFacts> indexes = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, ColumnFacts> columns = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, Character> functions = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, List<ConstraintFacts>> constraints = Caffeine.newBuilder().maximumSize(256).build();
    /** Asked by several rules about one statement (the end of an expansion, then the expansion itself). */
    private final Cache<String, List<ExpansionFacts>> expansions = Caffeine.newBuilder().maximumSize(256).build();
    private int majorVersion;

    /**
     * @param rowThreshold the smallest row count the rules care about; for a never-analysed table the
     *     catalog counts at most this many rows (plus one) instead of estimating
     */
    private final String expandStateTable;

    public PostgresCatalog(Connection raw, long rowThreshold) {
        this(raw, rowThreshold, "safemigrate_expansions");
    }

    /** @param expandStateTable {@code safemigrate.expand.stateTable} */
    public PostgresCatalog(Connection raw, long rowThreshold, String expandStateTable) {
        this.raw = raw;
        this.expandStateTable = expandStateTable;
        this.rowThreshold = Math.min(rowThreshold, COUNT_LIMIT);
    }

    @Override
    public int majorVersion() throws SQLException {
        if (majorVersion == 0) {
            majorVersion = raw.getMetaData().getDatabaseMajorVersion();
        }
        return majorVersion;
    }

    @Override
    public TableFacts table(QualifiedName name) throws SQLException {
        TableFacts cached = tables.getIfPresent(name.sql());
        if (cached != null) {
            return cached;
        }
        TableFacts facts = TableFacts.MISSING;
        try (PreparedStatement ps = raw.prepareStatement(TABLE_SQL)) {
            ps.setString(1, name.sql());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String schema = rs.getString(1);
                    String table = rs.getString(2);
                    char kind = rs.getString(3).charAt(0);
                    long rows = rs.getLong(5);
                    if (rows < 0 && (kind == 'r' || kind == 'm')) {
                        rows = boundedCount(schema, table); // never vacuumed or analysed (PostgreSQL 14+: -1)
                    }
                    facts = new TableFacts(true, schema, table, kind, rs.getBoolean(4), Math.max(rows, 0));
                }
            }
        }
        tables.put(name.sql(), facts);
        return facts;
    }

    private long boundedCount(String schema, String table) throws SQLException {
        String sql = "SELECT count(*) FROM (SELECT 1 FROM " + Identifiers.quote(Dialect.POSTGRESQL, schema, table)
                + " LIMIT " + (rowThreshold + 1) + ") AS sample";
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public IndexFacts index(QualifiedName name) throws SQLException {
        IndexFacts cached = indexes.getIfPresent(name.sql());
        if (cached != null) {
            return cached;
        }
        IndexFacts facts = IndexFacts.MISSING;
        try (PreparedStatement ps = raw.prepareStatement(INDEX_SQL)) {
            ps.setString(1, name.sql());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    facts = new IndexFacts(true, rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), Math.max(rs.getLong(8), 0));
                }
            }
        }
        indexes.put(name.sql(), facts);
        return facts;
    }

    @Override
    public ColumnFacts column(QualifiedName table, String column) throws SQLException {
        String key = table.sql() + "\u0000" + column;
        ColumnFacts cached = columns.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        ColumnFacts facts = ColumnFacts.MISSING;
        try (PreparedStatement ps = raw.prepareStatement(COLUMN_SQL)) {
            ps.setString(1, table.sql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    facts = new ColumnFacts(true, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            rs.getInt(5), rs.getBoolean(6));
                }
            }
        }
        columns.put(key, facts);
        return facts;
    }

    @Override
    public char functionVolatility(QualifiedName function) throws SQLException {
        String key = (function.schema() == null ? "" : function.schema()) + "\u0000" + function.name();
        Character cached = functions.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        char volatility = 0;
        try (PreparedStatement ps = raw.prepareStatement(VOLATILITY_SQL)) {
            ps.setString(1, function.name());
            ps.setString(2, function.schema());
            ps.setString(3, function.schema());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    int v = rs.getInt(1);
                    volatility = rs.wasNull() ? 0 : v == 3 ? 'v' : v == 2 ? 's' : 'i';
                }
            }
        }
        functions.put(key, volatility);
        return volatility;
    }

    @Override
    public List<ConstraintFacts> constraints(QualifiedName table) throws SQLException {
        List<ConstraintFacts> cached = constraints.getIfPresent(table.sql());
        if (cached != null) {
            return cached;
        }
        List<ConstraintFacts> facts = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(CONSTRAINTS_SQL)) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    facts.add(new ConstraintFacts(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        facts = List.copyOf(facts);
        constraints.put(table.sql(), facts);
        return facts;
    }

    @Override
    public boolean nameTaken(String schema, String name) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(NAME_TAKEN_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, name);
            ps.setString(3, schema);
            ps.setString(4, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public MaterializedViewFacts materializedView(QualifiedName name) throws SQLException {
        MaterializedViewFacts facts = MaterializedViewFacts.MISSING;
        try (PreparedStatement ps = raw.prepareStatement(MATVIEW_SQL)) {
            ps.setString(1, name.sql());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    facts = new MaterializedViewFacts(true, rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            rs.getBoolean(4));
                }
            }
        }
        return facts;
    }

    @Override
    public ColumnUse columnUse(QualifiedName table, String column) throws SQLException {
        return ColumnUseLookup.read(raw, table, column);
    }

    @Override
    public TableUse tableUse(QualifiedName table) throws SQLException {
        return TableUseLookup.read(raw, table);
    }

    @Override
    public boolean castsOnAssignment(String from, String to) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT s IS NOT NULL AND t IS NOT NULL AND (s = t"
                + " OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = s AND c.casttarget = t"
                + " AND c.castcontext IN ('i', 'a')) OR t IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype))"
                + " FROM (SELECT to_regtype(?) AS s, to_regtype(?) AS t) AS types")) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public List<ExpansionFacts> expansions(QualifiedName table) throws SQLException {
        List<ExpansionFacts> cached = expansions.getIfPresent(table.sql());
        if (cached != null) {
            return cached;
        }
        TableFacts facts = table(table);
        List<ExpansionFacts> pending = facts.exists()
                ? ExpansionRecords.pending(raw, expandStateTable, facts.schema(), facts.name()) : List.of();
        expansions.put(table.sql(), pending);
        return pending;
    }

    @Override
    public void invalidate() {
        tables.invalidateAll();
        indexes.invalidateAll();
        columns.invalidateAll();
        functions.invalidateAll();
        constraints.invalidateAll();
        expansions.invalidateAll();
    }
}
