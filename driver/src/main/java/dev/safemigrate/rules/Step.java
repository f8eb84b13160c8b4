package dev.safemigrate.rules;

import java.util.Objects;

/**
 * One statement of a plan.
 *
 * @param sql the SQL sent to the server; every identifier in it that the driver wrote is quoted
 * @param kind how the engine runs it
 * @param cleanup what to undo after the step fails, or {@code null}
 */
public record Step(String sql, StepKind kind, Cleanup cleanup) {
    public Step {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
    }

    public static Step locking(String sql) {
        return new Step(sql, StepKind.LOCKING, null);
    }

    public static Step concurrent(String sql, Cleanup cleanup) {
        return new Step(sql, StepKind.CONCURRENT, cleanup);
    }

    public static Step ownTransaction(String sql) {
        return new Step(sql, StepKind.OWN_TRANSACTION, null);
    }

    /**
     * Run {@code action} when {@code condition} (a query with one text parameter, {@code argument},
     * returning one boolean) is true, e.g. drop the index a failed concurrent build left INVALID.
     */
    public record Cleanup(String condition, String argument, String action, String description) {
    }
}
