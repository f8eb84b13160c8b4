package dev.safemigrate.agent.fake;

import java.util.function.BooleanSupplier;

/** Stands for a migration tool on the calling stack: its class name starts with a configured prefix. */
public final class FakeMigrationTool {
    private FakeMigrationTool() {
    }

    /** Runs {@code openConnection} from inside this class, as a tool's code opens its connection. */
    public static boolean migrate(BooleanSupplier openConnection) {
        return openConnection.getAsBoolean();
    }
}
