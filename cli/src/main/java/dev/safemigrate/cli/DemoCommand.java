package dev.safemigrate.cli;

import dev.safemigrate.cli.demo.Demo;

import java.io.PrintStream;
import java.util.List;

/** {@code demo}: see {@link Demo}. */
final class DemoCommand {
    private DemoCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return Demo.run(args, out, err, Main.ownProcess);
    }
}
