package dev.safemigrate.rules.postgres;

/**
 * One dangerous operation found in a statement.
 *
 * @param operation what it is
 * @param subject what it acts on, for messages, e.g. {@code column "email" of table public.users (~2000000 rows)}
 */
record Finding(Operation operation, String subject) {
}
