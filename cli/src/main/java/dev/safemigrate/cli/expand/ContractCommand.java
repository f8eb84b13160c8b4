package dev.safemigrate.cli.expand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code contract [ID]}: finishes expanded expansions by dropping the old shape (see {@link ExpansionEnd}). */
@Command(name = "contract", sortOptions = false, descriptionHeading = "%n", optionListHeading = "Options:%n",
        description = {
            "Finishes expansions: drops the old column once no code uses it.",
            "",
            "For a column rename, drops the old column and the triggers that kept it in step, leaving the schema"
                    + " the plain rename would have made. Do it once no code uses the old name ('safemigrate status'"
                    + " tells what pg_stat_statements shows).",
            "",
            "Sends the statement that contracts it (rename column: DROP COLUMN <old>; type change: DROP COLUMN"
                    + " <column>_sm_old; table rename: DROP VIEW <old>) through the safemigrate driver, which runs the expansion's"
                    + " contract script instead, in one transaction under the lock timeout. Without ID, every"
                    + " pending expansion in status expanded, oldest first.",
            ""},
        footer = {"", "Exit codes: 0 done (or nothing to do), 1 an ID that is not pending or a contract refused or"
                + " failed,", "2 bad usage or not a PostgreSQL URL, 3 the database could not be used."})
public final class ContractCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "the expansion to contract (default: every expanded one)")
    Long id;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    public ContractCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return ExpansionEnd.command(connection, spec, ExpansionEnd.Way.CONTRACT, id, out, err);
    }
}
