package dev.safemigrate.rules;

/**
 * One dangerous operation found in a statement.
 *
 * @param operation what it is
 * @param subject what it acts on, for messages, e.g. {@code column "email" of table public.users (~2000000 rows)}
 */
public record Finding(Operation operation, String subject) {
}
