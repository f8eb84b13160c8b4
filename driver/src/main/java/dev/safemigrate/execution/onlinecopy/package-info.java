/**
 * MySQL/MariaDB online table copy, for the ALTERs the server can run only by copying the table (policy
 * {@code safemigrate.policy.copyingAlter=online}, docs/online-copy.md): pt-online-schema-change's method. A shadow
 * table gets the new definition; triggers on the original apply every insert, update and delete to it; the
 * existing rows are copied in key-range chunks sized to {@code batch.targetTime} and throttled like batches; the
 * two tables are compared chunk by chunk; one atomic {@code RENAME TABLE} swaps them. A journal row records the
 * phase and the last chunk, so a copy interrupted by a crash resumes when the statement is sent again.
 *
 * <p>{@link dev.safemigrate.execution.onlinecopy.OnlineTableCopy} runs the phases; {@link
 * dev.safemigrate.execution.onlinecopy.CopyTables} reads the catalog and says what refuses a copy;
 * {@link dev.safemigrate.execution.onlinecopy.CopySql} writes every statement; {@link
 * dev.safemigrate.execution.onlinecopy.CopyJournal} keeps the progress.
 */
package dev.safemigrate.execution.onlinecopy;
