package dev.safemigrate.cli.expand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code rollback ID}: undoes one pending expansion, keeping the old shape (see {@link ExpansionEnd}). */
@Command(name = "rollback", sortOptions = false, descriptionHeading = "%n", optionListHeading = "Options:%n",
        description = {
            "Undoes an expansion: drops the new column, the old one stays.",
            "",
            "For a column rename, drops the new column, its copies and the triggers; the old column and its data"
                    + " are intact. Works on an unfinished (expanding) expansion too.",
            "",
            "Sends the statement that undoes it (rename column: RENAME COLUMN <new> TO <old>; type change, before its"
                    + " swap: DROP COLUMN <column>_sm_new; table rename: ALTER TABLE <new> RENAME TO <old>) through the"
                    + " safemigrate driver, which runs the"
                    + " expansion's rollback script instead, in one transaction under the lock timeout.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 an ID that is not pending or a rollback refused or failed,",
            "2 bad usage or not a PostgreSQL URL, 3 the database could not be used."})
public final class RollbackCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", arity = "1", description = "the expansion to roll back ('safemigrate status' lists them)")
    long id;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    public RollbackCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return ExpansionEnd.command(connection, spec, ExpansionEnd.Way.ROLLBACK, id, out, err);
    }
}
