package dev.safemigrate.it.differential;

import java.util.List;

/**
 * One thing a migration does on its connection: SQL text through {@code Statement.execute} (or
 * {@code executeLargeUpdate}), a prepared statement with bind values, or a JDBC transaction call.
 * Both sides run the same steps in the same order.
 */
public record Step(Kind kind, String sql, List<Object> binds) {

    /** What the step calls on the connection. */
    public enum Kind {
        /** {@code Statement.execute(sql)}, every result read. */
        EXECUTE,
        /** {@code Statement.executeLargeUpdate(sql)}. */
        UPDATE,
        /** {@code prepareStatement(sql)} with {@link #binds()}, then {@code execute()}. */
        PREPARED,
        /** {@code setAutoCommit(false)}. */
        BEGIN,
        /** {@code commit()}. */
        COMMIT,
        /** {@code rollback()}. */
        ROLLBACK,
        /** {@code setAutoCommit(true)}. */
        AUTOCOMMIT
    }

    public Step {
        binds = binds == null ? List.of() : List.copyOf(binds);
    }

    public static Step execute(String sql) {
        return new Step(Kind.EXECUTE, sql, null);
    }

    public static Step update(String sql) {
        return new Step(Kind.UPDATE, sql, null);
    }

    public static Step prepared(String sql, Object... binds) {
        return new Step(Kind.PREPARED, sql, List.of(binds));
    }

    public static Step call(Kind kind) {
        return new Step(kind, null, null);
    }

    /** Whether this step is SQL the server receives (not a JDBC transaction call). */
    public boolean isSql() {
        return sql != null;
    }

    /** One line for the replay listing: bind values are generated test data, never a secret. */
    @Override
    public String toString() {
        return switch (kind) {
            case EXECUTE -> sql;
            case UPDATE -> "[executeLargeUpdate] " + sql;
            case PREPARED -> "[prepared " + binds + "] " + sql;
            default -> "[jdbc " + kind.name().toLowerCase() + "]";
        };
    }
}
