package dev.safemigrate.jdbc;

import java.util.function.BooleanSupplier;

/**
 * A test stand-in for a frame of the driver's own JDBC layer (package {@code dev.safemigrate.jdbc}):
 * {@code SafeMigrateDriver.connect} or a side connection opened by the engine.
 */
public final class OwnDriverFrame {
    private OwnDriverFrame() {
    }

    public static boolean connect(BooleanSupplier openRealConnection) {
        return openRealConnection.getAsBoolean();
    }
}
