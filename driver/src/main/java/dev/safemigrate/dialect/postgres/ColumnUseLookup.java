package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.IndexUse;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from pg_catalog everything that names one column ({@link ColumnUse}), for an expansion: what must be
 * carried over to a new column and what cannot be. PostgreSQL 12+ ({@code attgenerated}).
 */
final class ColumnUseLookup {
    private static final String COLUMN_SQL =
            "SELECT c.oid::bigint, a.attnum, format_type(a.atttypid, a.atttypmod),"
                    + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
                    + "   THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,"
                    + " pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.attidentity <> '', a.attgenerated <> '',"
                    + " col_description(c.oid, a.attnum), a.attacl IS NOT NULL,"
                    + " EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid OR h.inhparent = c.oid),"
                    + " n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
                    + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";
    /** Indexes whose key or INCLUDE list holds the column, or whose expressions or predicate use it. */
    private static final String INDEXES_SQL =
            "SELECT ic.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisunique, i.indisprimary,"
                    + " k.conname, k.contype, coalesce(k.condeferrable, false)"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                    + " LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
                    + "   AND k.contype IN ('p', 'u', 'x')"
                    + " WHERE i.indrelid = ?::oid AND (?::int2 = ANY (i.indkey::int2[]) OR EXISTS (SELECT 1 FROM pg_depend dp"
                    + "   WHERE dp.classid = 'pg_class'::regclass AND dp.objid = i.indexrelid"
                    + "   AND dp.refclassid = 'pg_class'::regclass AND dp.refobjid = i.indrelid AND dp.refobjsubid = ?))"
                    + " ORDER BY ic.relname";
    private static final String CONSTRAINTS_SQL =
            "SELECT k.conname, k.contype, k.convalidated, pg_get_constraintdef(k.oid), i.relname"
                    + " FROM pg_constraint k LEFT JOIN pg_class i ON i.oid = k.conindid AND k.contype IN ('p', 'u', 'x')"
                    + " WHERE k.conrelid = ?::oid AND ?::int2 = ANY (k.conkey) ORDER BY k.conname";
    private static final String REFERENCED_BY_SQL =
            "SELECT format('foreign key %I of table %s', k.conname, k.conrelid::regclass::text)"
                    + " FROM pg_constraint k WHERE k.contype = 'f' AND k.confrelid = ?::oid AND ?::int2 = ANY (k.confkey)"
                    + " ORDER BY 1";
    /**
     * Everything else that depends on the column: what pg_depend records, but the table's own indexes and
     * constraints and the column's own default (carried over, or refused, from the lists above).
     */
    private static final String DEPENDENTS_SQL =
            "SELECT DISTINCT pg_describe_object(dp.classid, dp.objid, dp.objsubid) FROM pg_depend dp"
                    + " WHERE dp.refclassid = 'pg_class'::regclass AND dp.refobjid = ?::oid AND dp.refobjsubid = ?"
                    + " AND dp.deptype IN ('n', 'a')"
                    + " AND NOT (dp.classid = 'pg_class'::regclass"
                    + "   AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = dp.objid AND i.indrelid = dp.refobjid))"
                    + " AND NOT (dp.classid = 'pg_constraint'::regclass"
                    + "   AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = dp.objid AND k.conrelid = dp.refobjid))"
                    + " AND NOT (dp.classid = 'pg_attrdef'::regclass AND EXISTS (SELECT 1 FROM pg_attrdef d"
                    + "   WHERE d.oid = dp.objid AND d.adrelid = dp.refobjid AND d.adnum = dp.refobjsubid))"
                    // a sequence the column owns (serial): ColumnUse.ownedSequence
                    + " AND NOT (dp.classid = 'pg_class'::regclass AND dp.deptype = 'a'"
                    + "   AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = dp.objid AND s.relkind = 'S'))"
                    // the driver's own sync triggers (UPDATE OF the column) of an expansion being resumed
                    + " AND NOT (dp.classid = 'pg_trigger'::regclass AND EXISTS (SELECT 1 FROM pg_trigger g"
                    + "   WHERE g.oid = dp.objid AND g.tgrelid = dp.refobjid AND g.tgname LIKE 'safemigrate\\_%'))"
                    + " ORDER BY 1";
    private static final String OWNED_SEQUENCE_SQL =
            "SELECT dp.objid::regclass::text FROM pg_depend dp JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S'"
                    + " WHERE dp.classid = 'pg_class'::regclass AND dp.refclassid = 'pg_class'::regclass"
                    + " AND dp.refobjid = ?::oid AND dp.refobjsubid = ? AND dp.deptype = 'a'";
    private static final String USER_TRIGGERS_SQL =
            "SELECT tgname FROM pg_trigger WHERE tgrelid = ?::oid AND NOT tgisinternal"
                    + " AND tgname NOT LIKE 'safemigrate\\_%' ORDER BY 1";
    private static final String PUBLICATIONS_SQL =
            "SELECT DISTINCT pubname FROM pg_publication_tables WHERE schemaname = ? AND tablename = ? ORDER BY 1";

    private ColumnUseLookup() {
    }

    static ColumnUse read(Connection raw, QualifiedName table, String column) throws SQLException {
        long oid;
        int attnum;
        String type;
        String collation;
        String defaultExpression;
        boolean notNull;
        boolean identity;
        boolean generated;
        String comment;
        boolean privileges;
        boolean inheritance;
        String schema;
        String name;
        String quoted;
        try (PreparedStatement ps = raw.prepareStatement(COLUMN_SQL)) {
            ps.setString(1, table.sql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                oid = rs.getLong(1);
                attnum = rs.getInt(2);
                type = rs.getString(3);
                collation = rs.getString(4);
                defaultExpression = rs.getString(5);
                notNull = rs.getBoolean(6);
                identity = rs.getBoolean(7);
                generated = rs.getBoolean(8);
                comment = rs.getString(9);
                privileges = rs.getBoolean(10);
                inheritance = rs.getBoolean(11);
                schema = rs.getString(12);
                name = rs.getString(13);
                quoted = rs.getString(14);
            }
        }
        List<IndexUse> indexes = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(INDEXES_SQL)) {
            ps.setLong(1, oid);
            ps.setInt(2, attnum);
            ps.setInt(3, attnum);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type1 = rs.getString(7);
                    indexes.add(new IndexUse(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getString(6), type1 == null ? ' ' : type1.charAt(0), rs.getBoolean(8)));
                }
            }
        }
        List<ConstraintFacts> constraints = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(CONSTRAINTS_SQL)) {
            ps.setLong(1, oid);
            ps.setInt(2, attnum);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    constraints.add(new ConstraintFacts(rs.getString(1), rs.getString(2).charAt(0), rs.getBoolean(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return new ColumnUse(quoted, schema, name, type, collation, defaultExpression, notNull, identity, generated,
                comment, privileges, inheritance, indexes, constraints, strings(raw, REFERENCED_BY_SQL, oid, attnum),
                strings(raw, DEPENDENTS_SQL, oid, attnum), strings(raw, USER_TRIGGERS_SQL, oid, null),
                publications(raw, schema, name),
                strings(raw, OWNED_SEQUENCE_SQL, oid, attnum).stream().findFirst().orElse(null));
    }

    private static List<String> strings(Connection raw, String sql, long oid, Integer attnum) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            ps.setLong(1, oid);
            if (attnum != null) {
                ps.setInt(2, attnum);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> publications(Connection raw, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(PUBLICATIONS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
