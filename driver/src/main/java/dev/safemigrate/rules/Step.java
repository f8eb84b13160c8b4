package dev.safemigrate.rules;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One statement of a plan.
 *
 * @param sql the SQL sent to the server; every identifier in it that the driver wrote is quoted. For a
 *     {@linkplain #deferred() deferred} step, a description of it for logs (what will be sent)
 * @param kind how the engine runs it
 * @param cleanup what to undo after the step fails, or {@code null}
 * @param deferred when not {@code null}, computes the SQL just before the step runs, after the steps
 *     before it: for a fact that only exists then (e.g. the name PostgreSQL gave an unnamed constraint)
 * @param failureNote appended to the server's message when the step fails (not on lock give-ups), e.g.
 *     what the previous steps left behind and what to do; or {@code null}
 */
public record Step(String sql, StepKind kind, Cleanup cleanup, Deferred deferred, String failureNote) {
    public Step {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
    }

    public Step(String sql, StepKind kind, Cleanup cleanup) {
        this(sql, kind, cleanup, null, null);
    }

    public static Step locking(String sql) {
        return new Step(sql, StepKind.LOCKING, null);
    }

    public static Step concurrent(String sql, Cleanup cleanup) {
        return new Step(sql, StepKind.CONCURRENT, cleanup);
    }

    /** An UPDATE for the batching engine. */
    public static Step backfill(String sql) {
        return new Step(sql, StepKind.BACKFILL, null);
    }

    public static Step ownTransaction(String sql) {
        return new Step(sql, StepKind.OWN_TRANSACTION, null);
    }

    /** A step whose SQL is computed by {@code deferred} when it is its turn; {@code description} is logged. */
    public static Step deferred(String description, StepKind kind, Deferred deferred) {
        return new Step(description, kind, null, Objects.requireNonNull(deferred, "deferred"), null);
    }

    /** This step with {@code note} appended to the server's message when it fails. */
    public Step withFailureNote(String note) {
        return new Step(sql, kind, cleanup, deferred, note);
    }

    /** The SQL to send now. */
    public String resolve(Connection raw) throws SQLException {
        return deferred == null ? sql : deferred.sql(raw);
    }

    /**
     * Run {@code action} when {@code condition} (a query with one text parameter, {@code argument},
     * returning one boolean) is true, e.g. drop the index a failed concurrent build left INVALID.
     */
    public record Cleanup(String condition, String argument, String action, String description) {
    }

    /** Computes a step's SQL from the catalog as it is after the previous steps; may only read. */
    @FunctionalInterface
    public interface Deferred {
        String sql(Connection raw) throws SQLException;
    }
}
