package dev.safemigrate.sql;

/** Quoting of identifiers the driver writes into new SQL: always quoted, never trusted as written. */
public final class Identifiers {
    private Identifiers() {
    }

    /** {@code "name"} with embedded {@code "} doubled (PostgreSQL), {@code `name`} with {@code `} doubled (MySQL). */
    public static String quote(Dialect dialect, String identifier) {
        char q = dialect == Dialect.MYSQL ? '`' : '"';
        String doubled = String.valueOf(q) + q;
        return q + identifier.replace(String.valueOf(q), doubled) + q;
    }

    /** {@code "schema"."name"}, or {@code "name"} when schema is null. */
    public static String quote(Dialect dialect, String schema, String name) {
        return schema == null ? quote(dialect, name) : quote(dialect, schema) + "." + quote(dialect, name);
    }
}
