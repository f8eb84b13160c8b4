package dev.safemigrate.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One statement of a plan.
 *
 * @param sql the SQL sent to the server; every identifier in it that the driver wrote is quoted. For a
 *     {@linkplain #deferred() deferred} step, a description of it for logs (what will be sent)
 * @param kind how the engine runs it
 * @param cleanup what to undo after the step fails, or {@code null}
 * @param deferred when not {@code null}, the fact the SQL depends on that only exists after the steps
 *     before it ran (e.g. the name PostgreSQL gave an unnamed constraint): data, resolved by the engine
 *     through the dialect ({@code DatabaseSupport.resolve}) just before the step runs
 * @param failureNote appended to the server's message when the step fails (not on lock give-ups), e.g.
 *     what the previous steps left behind and what to do; or {@code null}
 * @param failureSqlState the SQLSTATE reported instead of the server's {@code 23514} (check_violation) when the step
 *     fails on a violated check, because the statement as written would have failed with this one (e.g.
 *     {@code 23502} for SET NOT NULL, checked through a helper constraint); or {@code null}
 * @param online for an {@link StepKind#ONLINE} step: the weaker forms to try and what to do when the server
 *     supports none of them; {@code null} otherwise
 */
public record Step(String sql, StepKind kind, Cleanup cleanup, Deferred deferred, String failureNote,
                   String failureSqlState, Online online) {
    public Step {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        if ((kind == StepKind.ONLINE) != (online != null)) {
            throw new IllegalArgumentException("an ONLINE step, and only one, has its weaker forms");
        }
    }

    public Step(String sql, StepKind kind, Cleanup cleanup) {
        this(sql, kind, cleanup, null, null, null, null);
    }

    /**
     * MySQL/MariaDB online DDL: {@code sql} (the least blocking form) is tried first; when the server answers
     * that the operation cannot run that way, each of {@code weaker} in turn; when none can,
     * {@code fallback} says what happens (run the statement as written, or refuse).
     */
    public static Step online(String sql, List<String> weaker, CopyFallback fallback) {
        return new Step(sql, StepKind.ONLINE, null, null, null, null,
                new Online(List.copyOf(weaker), Objects.requireNonNull(fallback, "fallback")));
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

    /** A step whose SQL the engine computes from {@code deferred} when it is its turn; {@code description} is logged. */
    public static Step deferred(String description, StepKind kind, Deferred deferred) {
        return new Step(description, kind, null, Objects.requireNonNull(deferred, "deferred"), null, null, null);
    }

    /** This step with {@code note} appended to the server's message when it fails. */
    public Step withFailureNote(String note) {
        return new Step(sql, kind, cleanup, deferred, note, failureSqlState, online);
    }

    /** This step with {@code note} appended, and {@code sqlState} reported instead of a check violation's 23514. */
    public Step withFailure(String note, String sqlState) {
        return new Step(sql, kind, cleanup, deferred, note, sqlState, online);
    }

    /**
     * Run {@code action} when {@code condition} (a query with one text parameter, {@code argument},
     * returning one boolean) is true, e.g. drop the index a failed concurrent build left INVALID.
     */
    public record Cleanup(String condition, String argument, String action, String description) {
    }

    /** The weaker forms of an {@link StepKind#ONLINE} step, in order, and the decision when none is supported. */
    public record Online(List<String> weaker, CopyFallback fallback) {
    }

    /** What a deferred step's SQL depends on; the dialect resolves it from the catalog after the previous steps. */
    public sealed interface Deferred permits ValidateAddedConstraint {
    }

    /**
     * {@code ALTER TABLE <quotedTable> VALIDATE CONSTRAINT <name>} for the one NOT VALID constraint of
     * {@code type} ({@code pg_constraint.contype}) on the table whose name is not in {@code before}: the
     * one the previous step added without a name. When there is not exactly one, the step fails (SQLSTATE
     * 55000) and says how to validate it by hand, rather than guess.
     *
     * @param noun what the constraint is called in messages ("foreign key")
     */
    public record ValidateAddedConstraint(String quotedTable, char type, Set<String> before, String noun)
            implements Deferred {
        public ValidateAddedConstraint {
            before = Set.copyOf(before);
        }
    }
}
