package dev.safemigrate.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code demo}: filled in by the demo work. */
final class DemoCommand {
    private DemoCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("safemigrate demo: not built yet");
        return Main.USAGE;
    }
}
