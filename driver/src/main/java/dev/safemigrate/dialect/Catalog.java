package dev.safemigrate.dialect;

import dev.safemigrate.sql.QualifiedName;

import java.sql.SQLException;
import java.util.List;

/**
 * Facts read from the live catalog for rewrite rules, cached per connection and forgotten after
 * every DDL the driver runs.
 */
public interface Catalog {

    /** Server major version, e.g. 15. */
    int majorVersion() throws SQLException;

    /** Facts about a table (or other relation); {@link TableFacts#exists()} false when there is none. */
    TableFacts table(QualifiedName name) throws SQLException;

    /** Facts about an index; {@link IndexFacts#exists()} false when there is none. */
    IndexFacts index(QualifiedName name) throws SQLException;

    /**
     * Facts about one column of a table; {@link ColumnFacts#exists()} false when the table or the column
     * does not exist. {@code column} is the folded, unquoted column name.
     */
    ColumnFacts column(QualifiedName table, String column) throws SQLException;

    /**
     * The most volatile {@code provolatile} among the functions of that name (PostgreSQL: {@code i}
     * immutable, {@code s} stable, {@code v} volatile), overloads included since the driver does not
     * resolve argument types; {@code 0} when no function has that name. An unqualified name is looked
     * up in the schemas of the session's search_path and {@code pg_catalog}.
     */
    char functionVolatility(QualifiedName function) throws SQLException;

    /** Facts about a materialized view; {@link MaterializedViewFacts#exists()} false when there is none. */
    MaterializedViewFacts materializedView(QualifiedName name) throws SQLException;

    /** The constraints defined on a table (none when it does not exist), ordered by name. */
    List<ConstraintFacts> constraints(QualifiedName table) throws SQLException;

    /**
     * True when {@code name} is taken in {@code schema} by a relation (table, index, sequence, …) or a
     * constraint: PostgreSQL then chooses another default name for a new unique or primary-key constraint.
     */
    boolean nameTaken(String schema, String name) throws SQLException;

    /** Forget everything: the schema changed. */
    void invalidate();

    /**
     * @param schema the schema it lives in
     * @param name its name
     * @param kind PostgreSQL {@code relkind}: {@code r} table, {@code p} partitioned table, {@code m}
     *     materialized view, {@code v} view, …
     * @param temporary a temporary table (other sessions never see it)
     * @param estimatedRows the catalog's estimate (PostgreSQL {@code reltuples}); when the table was never
     *     analysed, a bounded count
     */
    record TableFacts(boolean exists, String schema, String name, char kind, boolean temporary, long estimatedRows) {
        public static final TableFacts MISSING = new TableFacts(false, null, null, ' ', false, 0);
    }

    /**
     * @param valid PostgreSQL {@code indisvalid}: false after a failed concurrent build
     * @param table the indexed table, schema-qualified and quoted as the server prints it
     * @param definition {@code pg_get_indexdef}
     * @param backsConstraint a unique/primary-key/exclusion constraint uses it
     * @param partitioned an index on a partitioned table
     * @param tableRows the indexed table's row estimate
     */
    record IndexFacts(boolean exists, boolean valid, boolean unique, String schema, String table, String definition,
                      boolean backsConstraint, boolean partitioned, long tableRows) {
        public static final IndexFacts MISSING = new IndexFacts(false, false, false, null, null, null, false, false, 0);
    }

    /**
     * @param typeName PostgreSQL {@code pg_type.typname} of the column's type, e.g. {@code varchar}, {@code numeric}
     * @param typmod {@code atttypmod}, -1 when unconstrained
     * @param formatted {@code format_type(atttypid, atttypmod)}, e.g. {@code character varying(20)}
     * @param collation {@code attcollation} (0: the type is not collatable)
     * @param dimensions {@code attndims}, non-zero for arrays
     * @param notNull {@code attnotnull}
     */
    record ColumnFacts(boolean exists, String typeName, int typmod, String formatted, long collation, int dimensions,
                       boolean notNull) {
        public static final ColumnFacts MISSING = new ColumnFacts(false, null, -1, null, 0, 0, false);
    }

    /**
     * @param name {@code conname}
     * @param type {@code contype}: {@code f} foreign key, {@code c} check, {@code u} unique, {@code p} primary key, …
     * @param validated {@code convalidated}: false while NOT VALID
     * @param definition {@code pg_get_constraintdef}, e.g. {@code FOREIGN KEY (team) REFERENCES teams(id) NOT VALID}
     * @param index the name of the index a unique/primary-key constraint uses, or {@code null}
     */
    record ConstraintFacts(String name, char type, boolean validated, String definition, String index) {
    }

    /**
     * @param populated {@code relispopulated}: false after {@code WITH NO DATA}
     * @param refreshableConcurrently it has a valid, immediate unique index on plain columns without a
     *     WHERE clause, which {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} requires
     */
    record MaterializedViewFacts(boolean exists, String schema, String name, boolean populated,
                                 boolean refreshableConcurrently) {
        public static final MaterializedViewFacts MISSING = new MaterializedViewFacts(false, null, null, false, false);
    }
}
