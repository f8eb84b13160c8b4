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

    /**
     * Everything that names one column of a table, for an expansion (policy {@code expand}); {@code null} when
     * this catalog cannot tell (offline, another dialect) or the column does not exist. PostgreSQL 12+.
     */
    default ColumnUse columnUse(QualifiedName table, String column) throws SQLException {
        return null;
    }

    /**
     * What a table rename's expansion needs to know of the table (PostgreSQL); {@code null} when this catalog
     * cannot tell or the relation does not exist.
     */
    default TableUse tableUse(QualifiedName table) throws SQLException {
        return null;
    }

    /**
     * True when PostgreSQL converts a value of type {@code from} to type {@code to} (both as written, e.g.
     * {@code integer}, {@code numeric(12,2)}) on assignment, as {@code ALTER COLUMN … TYPE} without {@code USING}
     * does: the same type, an implicit or assignment cast, or a conversion to a string type. False when unknown.
     */
    default boolean castsOnAssignment(String from, String to) throws SQLException {
        return false;
    }

    /**
     * The expansions recorded for a table that are not finished (status {@code expanding} or {@code expanded}),
     * oldest first; none when the driver's record table does not exist.
     */
    default List<ExpansionFacts> expansions(QualifiedName table) throws SQLException {
        return List.of();
    }

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

    /**
     * One column and what names it (PostgreSQL).
     *
     * @param table the table, schema-qualified and quoted
     * @param schema the table's schema (unquoted)
     * @param tableName the table's name (unquoted)
     * @param formattedType {@code format_type}, e.g. {@code character varying(200)}
     * @param collation the column's collation, quoted, when it is not its type's default; else {@code null}
     * @param defaultExpression {@code pg_get_expr} of its default, or {@code null}
     * @param identity an identity column
     * @param generated a generated column
     * @param comment {@code col_description}, or {@code null}
     * @param privileges it has column privileges ({@code attacl})
     * @param inheritance the table has parents or children
     * @param indexes the table's indexes whose key, INCLUDE list, expression or predicate uses the column
     * @param constraints the table's constraints over the column ({@code conkey}), by name
     * @param referencedBy foreign keys (of any table) that reference the column, described
     * @param dependents other objects that depend on the column ({@code pg_describe_object}): views, rules,
     *     policies, triggers with a column list or WHEN, statistics, owned sequences, generated columns, …
     * @param userTriggers triggers on the table not created by the driver
     * @param publications publications that replicate the table
     * @param ownedSequence the sequence owned by the column (a serial), as {@code regclass} prints it, or
     *     {@code null}; not among {@code dependents}
     */
    record ColumnUse(String table, String schema, String tableName, String formattedType, String collation,
                     String defaultExpression, boolean notNull, boolean identity, boolean generated, String comment,
                     boolean privileges, boolean inheritance, List<IndexUse> indexes,
                     List<ConstraintFacts> constraints, List<String> referencedBy, List<String> dependents,
                     List<String> userTriggers, List<String> publications, String ownedSequence) {
        public ColumnUse {
            indexes = List.copyOf(indexes);
            constraints = List.copyOf(constraints);
            referencedBy = List.copyOf(referencedBy);
            dependents = List.copyOf(dependents);
            userTriggers = List.copyOf(userTriggers);
            publications = List.copyOf(publications);
        }

        /** A column that owns no sequence. */
        public ColumnUse(String table, String schema, String tableName, String formattedType, String collation,
                         String defaultExpression, boolean notNull, boolean identity, boolean generated, String comment,
                         boolean privileges, boolean inheritance, List<IndexUse> indexes,
                         List<ConstraintFacts> constraints, List<String> referencedBy, List<String> dependents,
                         List<String> userTriggers, List<String> publications) {
            this(table, schema, tableName, formattedType, collation, defaultExpression, notNull, identity, generated,
                    comment, privileges, inheritance, indexes, constraints, referencedBy, dependents, userTriggers,
                    publications, null);
        }
    }

    /**
     * @param name the index's name (unquoted)
     * @param definition {@code pg_get_indexdef}
     * @param valid {@code indisvalid}
     * @param constraint the unique/primary-key/exclusion constraint it backs, or {@code null}
     * @param constraintType that constraint's {@code contype}, or {@code ' '}
     * @param deferrable that constraint is deferrable
     */
    record IndexUse(String name, String definition, boolean valid, boolean unique, boolean primary,
                    String constraint, char constraintType, boolean deferrable) {
    }

    /**
     * One expansion the driver recorded (its table {@code safemigrate.expand.stateTable}).
     *
     * @param kind e.g. {@code rename-column}
     * @param oldName the name running code used before (the column)
     * @param newName the name the statement gave it
     * @param status {@code expanding} (not finished: crashed or running), {@code expanded} (both shapes work;
     *     waiting for the contract)
     * @param statement the statement that asked for it
     * @param contractSql what the contract sends (one atomic string)
     * @param rollbackSql what a rollback sends (one atomic string)
     */
    record ExpansionFacts(long id, String kind, String schema, String table, String oldName, String newName,
                          String status, java.time.Instant createdAt, String statement, String contractSql,
                          String rollbackSql) {
    }

    /**
     * @param rowSecurity row-level security is enabled ({@code relrowsecurity}): a view would bypass it
     * @param grants the privileges others than the owner hold, as {@code GRANT <privilege> ON %s TO <grantee>}
     *     with the relation left as {@code %s}
     * @param publications publications that replicate the table
     */
    record TableUse(boolean rowSecurity, List<String> grants, List<String> publications) {
        public TableUse {
            grants = List.copyOf(grants);
            publications = List.copyOf(publications);
        }
    }
}
