package dev.safemigrate.sql;

import java.util.Objects;

/**
 * A possibly schema-qualified object name as it appeared in the statement.
 *
 * @param schema the schema (MySQL: database) part, or {@code null} when not qualified; identifier
 *     case folding and quote removal already applied (PostgreSQL folds unquoted names to lower case,
 *     MySQL keeps them as written)
 * @param name the object name, folded and unquoted like {@code schema}
 * @param sql the name exactly as written in the statement, quotes included (e.g. {@code public."Users"}),
 *     usable verbatim in new SQL and in {@code to_regclass(…)}
 */
public record QualifiedName(String schema, String name, String sql) {
    public QualifiedName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }

    @Override
    public String toString() {
        return sql;
    }
}
