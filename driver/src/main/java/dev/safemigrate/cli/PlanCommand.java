package dev.safemigrate.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code plan}: filled in by the plan work. */
final class PlanCommand {
    private PlanCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("safemigrate plan: not built yet");
        return Main.USAGE;
    }
}
