package dev.safemigrate.dialect.mysql;

import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB catalog facts for one connection from {@code information_schema}, cached until the driver
 * runs DDL (the server version for the connection's life). An unqualified name is looked up in the
 * session's current database, as the statement itself resolves it. Only what the MySQL rules read is
 * implemented; the PostgreSQL-only facts answer "none".
 */
public final class MySqlCatalog implements MySqlFacts {
    private static final String TABLE_SQL =
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?";
    private static final String COLUMN_SQL =
            "SELECT DATA_TYPE, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?";

    private final Connection raw;
    private final Map<String, TableFacts> tables = new HashMap<>();
    private MySqlServer server;

    public MySqlCatalog(Connection raw) {
        this(raw, null);
    }

    /** {@code server}: as detected from the connection's metadata, or null to ask {@code SELECT VERSION()}. */
    public MySqlCatalog(Connection raw, MySqlServer server) {
        this.raw = raw;
        this.server = server;
    }

    @Override
    public MySqlServer server() throws SQLException {
        if (server == null) {
            try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
                rs.next();
                server = MySqlServer.parse(rs.getString(1));
            }
        }
        return server;
    }

    @Override
    public int majorVersion() throws SQLException {
        return server().major();
    }

    @Override
    public TableFacts table(QualifiedName name) throws SQLException {
        String key = name.schema() + "\u0000" + name.name();
        TableFacts cached = tables.get(key);
        if (cached != null) {
            return cached;
        }
        TableFacts facts = TableFacts.MISSING;
        try (PreparedStatement ps = raw.prepareStatement(TABLE_SQL)) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String type = rs.getString(3);
                    char kind = "VIEW".equals(type) || "SYSTEM VIEW".equals(type) ? 'v'
                            : "TEMPORARY".equals(type) ? 't' : 'r';
                    facts = new TableFacts(true, rs.getString(1), rs.getString(2), kind == 't' ? 'r' : kind,
                            kind == 't', rs.getLong(4));
                }
            }
        }
        tables.put(key, facts);
        return facts;
    }

    @Override
    public ColumnFacts column(QualifiedName table, String column) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(COLUMN_SQL)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new ColumnFacts(true, rs.getString(1), -1, rs.getString(2), 0, 0,
                            "NO".equals(rs.getString(3)));
                }
            }
        }
        return ColumnFacts.MISSING;
    }

    @Override
    public IndexFacts index(QualifiedName name) {
        return IndexFacts.MISSING;
    }

    @Override
    public char functionVolatility(QualifiedName function) {
        return 0;
    }

    @Override
    public MaterializedViewFacts materializedView(QualifiedName name) {
        return MaterializedViewFacts.MISSING;
    }

    @Override
    public List<ConstraintFacts> constraints(QualifiedName table) {
        return List.of();
    }

    @Override
    public boolean nameTaken(String schema, String name) {
        return false;
    }

    @Override
    public void invalidate() {
        tables.clear();
    }
}
