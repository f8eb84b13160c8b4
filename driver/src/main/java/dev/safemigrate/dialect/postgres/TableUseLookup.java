package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.Catalog.TableUse;
import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads what a table rename's expansion needs ({@link TableUse}): row security, grants, publications. */
final class TableUseLookup {
    private static final String TABLE_SQL =
            "SELECT c.relrowsecurity, n.nspname, c.relname, (SELECT array_agg(format('GRANT %s ON %%s TO %s%s',"
                    + "   a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC'"
                    + "   ELSE quote_ident(pg_get_userbyid(a.grantee)) END,"
                    + "   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) ORDER BY a.grantee, a.privilege_type)"
                    + "   FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)";
    private static final String PUBLICATIONS_SQL =
            "SELECT DISTINCT pubname FROM pg_publication_tables WHERE schemaname = ? AND tablename = ? ORDER BY 1";

    private TableUseLookup() {
    }

    static TableUse read(Connection raw, QualifiedName table) throws SQLException {
        boolean rowSecurity;
        String schema;
        String name;
        List<String> grants = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(TABLE_SQL)) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                rowSecurity = rs.getBoolean(1);
                schema = rs.getString(2);
                name = rs.getString(3);
                java.sql.Array array = rs.getArray(4);
                if (array != null) {
                    for (Object g : (Object[]) array.getArray()) {
                        grants.add((String) g);
                    }
                }
            }
        }
        List<String> publications = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(PUBLICATIONS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    publications.add(rs.getString(1));
                }
            }
        }
        return new TableUse(rowSecurity, grants, publications);
    }
}
