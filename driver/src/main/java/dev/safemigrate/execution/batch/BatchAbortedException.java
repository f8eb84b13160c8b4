package dev.safemigrate.execution.batch;

import java.sql.SQLException;

/**
 * A batched statement stopped before its end. Every committed batch is journaled: sending the same
 * statement again resumes after the last one. The message says how far it got.
 */
public final class BatchAbortedException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final long rowsDone;

    BatchAbortedException(String message, String sqlState, int vendorCode, long rowsDone, Throwable cause) {
        super(message, sqlState, vendorCode, cause);
        this.rowsDone = rowsDone;
    }

    /** Rows changed by the batches that committed. */
    public long rowsDone() {
        return rowsDone;
    }
}
