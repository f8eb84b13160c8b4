package dev.safemigrate.execution.batch;

import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.BulkDml;

import java.util.List;
import java.util.Set;

/**
 * An UPDATE, DELETE or INSERT … SELECT that can run in key-range batches with the same result: a
 * {@link BulkDml} (one table's rows, changed independently of each other), so running it on disjoint key
 * ranges, one after the other, changes each row exactly as the single statement would.
 *
 * <p>{@link #analyze} refuses (with the reason) what is not a {@link BulkDml} (RETURNING, LIMIT, ORDER BY,
 * joins, CTEs, subqueries that read the table being changed: later batches would see earlier batches'
 * changes, DISTINCT, {@code WHERE CURRENT OF}), and an INSERT … SELECT that aggregates (the aggregate would
 * be computed per batch).
 */
public final class BulkStatement {

    /** Built-in aggregates, recognised by name (stored ones are asked of the catalog: {@code BatchSupport}). */
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "array_agg",
            "string_agg", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "bool_and", "bool_or",
            "every", "bit_and", "bit_or", "bit_xor", "group_concat", "stddev", "stddev_pop", "stddev_samp", "variance",
            "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "xmlagg", "json_arrayagg",
            "json_objectagg", "std", "corr", "covar_pop", "covar_samp", "regr_count", "range_agg", "range_intersect_agg",
            "any_value");

    private final BulkDml shape;

    private BulkStatement(BulkDml shape) {
        this.shape = shape;
    }

    /** The outcome of {@link #analyze}: a statement, or why not. */
    public record Analysis(BulkStatement statement, String reason) {
    }

    /** Recognises the statement, or says why it cannot be batched. */
    public static Analysis analyze(SqlStatement statement) {
        BulkDml.Analysis dml = BulkDml.of(statement);
        BulkDml shape = dml.statement();
        if (shape == null) {
            return new Analysis(null, dml.reason());
        }
        for (String f : shape.functions()) {
            if (AGGREGATES.contains(f)) {
                return new Analysis(null, "its SELECT aggregates (" + f + ")");
            }
        }
        return new Analysis(new BulkStatement(shape), null);
    }

    public BulkDml.Kind kind() {
        return shape.kind();
    }

    /** The table the statement changes. */
    public QualifiedName target() {
        return shape.target();
    }

    /** The table whose primary key the batches walk: the target, or INSERT … SELECT's source. */
    public QualifiedName keyTable() {
        return shape.keyTable();
    }

    /** How key columns are qualified in the statement: its alias for the key table, or the name as written. */
    public String keyQualifier() {
        return shape.keyQualifier();
    }

    /** Columns an UPDATE assigns (folded); empty otherwise. */
    public Set<String> assignedColumns() {
        return shape.assignedColumns();
    }

    /** Names of the functions the statement calls (folded), for an aggregate check against the catalog. */
    public Set<String> functions() {
        return shape.functions();
    }

    /** Folded identifiers in the WHERE condition (column names among them), for a statistics check. */
    public Set<String> conditionNames() {
        return shape.conditionNames();
    }

    /** The statement restricted to one key range: its WHERE condition ANDed with {@code range}. */
    public String withRange(String range) {
        String condition = shape.condition();
        String where = condition == null ? " WHERE " + range : " WHERE (" + condition + ") AND (" + range + ")";
        return shape.head() + where + shape.tail();
    }

    /** The key columns qualified as the statement refers to the key table. */
    public List<String> qualified(List<String> quotedColumns) {
        return quotedColumns.stream().map(col -> shape.keyQualifier() + "." + col).toList();
    }
}
