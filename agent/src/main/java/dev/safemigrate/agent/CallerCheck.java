package dev.safemigrate.agent;

import java.util.List;

/**
 * Looks at the stack of the thread opening a connection: a connection our own driver opens (a
 * {@code jdbc:safemigrate:} URL, its side connections) is wrapped already or must stay raw; with
 * {@code when=migration-tool}, only connections a migration tool asks for are selected. Runs once per
 * new connection, not per statement.
 */
final class CallerCheck {
    /** Frames of the driver's own JDBC layer: it wraps what it opens itself. */
    private static final String OWN_DRIVER = "dev.safemigrate.jdbc.";

    private final boolean toolRequired;
    private final List<String> tools;
    private final StackWalker walker = StackWalker.getInstance();

    CallerCheck(AgentOptions options) {
        this.toolRequired = options.when() == AgentOptions.When.MIGRATION_TOOL;
        this.tools = options.tools();
    }

    boolean selected() {
        boolean[] found = new boolean[2]; // [0]: our driver, [1]: a migration tool
        walker.forEach(frame -> {
            String name = frame.getClassName();
            if (name.startsWith(OWN_DRIVER)) {
                found[0] = true;
            } else if (toolRequired && !found[1]) {
                for (String prefix : tools) {
                    if (name.startsWith(prefix)) {
                        found[1] = true;
                        break;
                    }
                }
            }
        });
        return !found[0] && (!toolRequired || found[1]);
    }
}
