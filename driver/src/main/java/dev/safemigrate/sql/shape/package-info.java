/**
 * Statement shapes: the grammar the driver understands, parsed once per statement from the tokens the
 * classifier lexed ({@link dev.safemigrate.sql.SqlStatement#tokens()}) and remembered with the statement
 * ({@link dev.safemigrate.sql.SqlStatement#shape}). Rules, the batching engine and {@code plan} read these
 * instead of parsing the text again.
 *
 * <p>Every parser here returns {@code null} for anything it does not fully understand: a caller then leaves
 * the statement as written. A shape records what was written (flags, names, token ranges); deciding what is
 * safe is the rules' job, not the parser's.
 */
package dev.safemigrate.sql.shape;
