package dev.safemigrate.cli;

import dev.safemigrate.cli.demo.Demo;
import dev.safemigrate.cli.demo.DemoOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code demo}: see {@link Demo}; the options are {@link DemoOptions}. */
@Command(name = "demo", sortOptions = false, descriptionHeading = "%n", optionListHeading = "Options:%n", usageHelpAutoWidth = false,
        description = {
            "The same migration through the bare driver and through safemigrate, under load, side by side.",
            "",
            "Runs the same migration (add a column, create an index, add a foreign key, backfill the column)"
                    + " twice under an application-like load, once through the bare PostgreSQL driver and once"
                    + " through safemigrate, while a long report transaction holds the table; then prints the"
                    + " load's latency and errors side by side, and what safemigrate sent to the server instead.",
            "",
            "Without --url it starts an embedded PostgreSQL (nothing to install; the first start unpacks it).",
            ""},
        footer = {"",
            "Exit codes: 0 done, 1 the two runs did not leave the same, correct end state, 2 bad options,",
            "3 the database could not be started or reached, or a migration failed."})
final class DemoCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    DemoOptions options;

    @Spec
    CommandSpec spec;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            options.validate();
        } catch (DemoOptions.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Demo.run(options, out, err, Main.ownProcess);
    }
}
