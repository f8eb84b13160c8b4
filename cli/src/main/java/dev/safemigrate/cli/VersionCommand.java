package dev.safemigrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code version} (and {@code --version}): the version of this build. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer>, IVersionProvider {
    private final PrintStream out;

    VersionCommand(PrintStream out) {
        this.out = out;
    }

    /** For picocli's {@code --version}, which prints what this returns. */
    VersionCommand() {
        this(System.out);
    }

    @Override
    public Integer call() {
        out.println(getVersion()[0]);
        return Main.OK;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"safemigrate " + Main.version()};
    }
}
