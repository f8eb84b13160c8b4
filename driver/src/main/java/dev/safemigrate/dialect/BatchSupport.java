package dev.safemigrate.dialect;

import dev.safemigrate.sql.QualifiedName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** What the batching engine must ask of one database family. Implementations query the real connection. */
public interface BatchSupport {

    /** Primary-key columns of the table (folded names, key order); empty when it has none. */
    List<String> primaryKey(Connection raw, QualifiedName table) throws SQLException;

    /** The catalog's cheap row estimate of the table; {@code Long.MAX_VALUE} when unknown. */
    long tableRows(Connection raw, QualifiedName table) throws SQLException;

    /** The planner's estimate of the rows the statement touches ({@code EXPLAIN}). */
    long estimateRows(Connection raw, String statement) throws SQLException;

    /**
     * True when the planner has no statistics for one of these columns of the table (e.g. a column added
     * since the last ANALYZE): its row estimate for a condition on them is a default guess.
     */
    default boolean statisticsMissing(Connection raw, QualifiedName table, Set<String> columns) throws SQLException {
        return false;
    }

    /** Names of statement-level triggers on the table (they would fire once per batch); empty when none. */
    List<String> statementTriggers(Connection raw, QualifiedName table) throws SQLException;

    /** True when one of these functions is an aggregate or window function (per batch, it would give other results). */
    boolean anyAggregate(Connection raw, Set<String> functions) throws SQLException;

    /** A string literal for a key value, escaped for this session. */
    String stringLiteral(Connection raw, String value) throws SQLException;

    /** Column type of the journal table's long text columns (e.g. {@code text}, {@code longtext}). */
    String textType();

    /** Column type of the journal table's timestamps. */
    String timestampType();
}
