package dev.safemigrate.execution.batch;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Asked before every batch whether to go on, wait, or give up: replication lag and server load
 * above their thresholds pause the batching; above their critical levels for too long they abort it.
 */
public interface Throttle {

    /** Never pauses, never aborts. */
    Throttle NONE = (raw, progress) -> Decision.GO;

    /**
     * @param raw the batching connection, in autocommit between batches (it may be used to read lag or load)
     * @param progress where the batching is
     */
    Decision beforeBatch(Connection raw, BatchProgress progress) throws SQLException;

    enum Action { GO, PAUSE, ABORT }

    /**
     * @param pauseMillis for PAUSE: how long to wait before asking again
     * @param reason for PAUSE and ABORT: what was measured, for the log and the error message
     */
    record Decision(Action action, long pauseMillis, String reason) {
        public static final Decision GO = new Decision(Action.GO, 0, null);

        public static Decision pause(long millis, String reason) {
            return new Decision(Action.PAUSE, millis, reason);
        }

        public static Decision abort(String reason) {
            return new Decision(Action.ABORT, 0, reason);
        }
    }

    /**
     * @param batches batches committed so far
     * @param rows rows changed so far
     * @param elapsedMillis since the batching started (or resumed)
     */
    record BatchProgress(long batches, long rows, long elapsedMillis) {
    }
}
