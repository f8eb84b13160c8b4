package dev.safemigrate.plan;

/**
 * A table's size as the live catalog reports it.
 *
 * @param table the table, schema-qualified
 * @param totalBytes the table with its indexes and TOAST (PostgreSQL {@code pg_total_relation_size};
 *     MySQL {@code DATA_LENGTH + INDEX_LENGTH})
 * @param dataBytes the table's rows alone ({@code pg_relation_size}, {@code DATA_LENGTH})
 * @param estimatedRows the catalog's row estimate ({@code reltuples}, InnoDB's {@code TABLE_ROWS}); -1 when the
 *     table was never analysed
 */
public record TableSize(String table, long totalBytes, long dataBytes, long estimatedRows) {
}
