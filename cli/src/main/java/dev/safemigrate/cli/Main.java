package dev.safemigrate.cli;

import dev.safemigrate.cli.expand.ContractCommand;
import dev.safemigrate.cli.expand.RollbackCommand;
import dev.safemigrate.cli.expand.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar safemigrate.jar <command> …}: the command line, parsed by picocli. Each command is a
 * class of its own that writes to the streams it was built with and returns the process exit code, so
 * tests call {@link #run} in-process.
 *
 * <p>Exit codes shared by every command: 0 success, 1 the command's own failure verdict (e.g. {@code plan}
 * found something at or above {@code --fail-on}, {@code contract} was refused), 2 bad usage or input, 3 the
 * database could not be used.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED_CHECK = 1;
    public static final int USAGE = 2;
    public static final int DATABASE = 3;

    /** How the usage texts name the program. */
    static final String PROGRAM = "java -jar safemigrate.jar";

    /**
     * True in {@code java -jar safemigrate.jar}'s own process: a command may then configure the logger
     * (slf4j-simple reads its settings once per JVM); callers of {@link #run} in-process (tests) keep theirs.
     */
    static volatile boolean ownProcess;

    private Main() {
    }

    public static void main(String[] args) {
        ownProcess = true;
        int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command; never calls {@link System#exit}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new Root(out), new Factory(out, err))
                // a path such as @migrations is a path, not a file of arguments
                .setExpandAtFiles(false)
                .setUsageHelpWidth(110);
        // after the subcommands exist: these settings reach the commands registered at the time of the call
        commandLine.setOut(outWriter).setErr(errWriter).setParameterExceptionHandler(Main::badUsage);
        int code = commandLine.execute(args.toArray(String[]::new));
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** Bad usage: what was wrong and where the options are; exit code 2. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        boolean root = command.getParent() == null;
        err.println((root ? "safemigrate" : "safemigrate " + command.getCommandName()) + ": " + e.getMessage());
        // "did you mean" for a mistyped command or option
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + PROGRAM + (root ? "" : " " + command.getCommandName()) + " --help' for the options.");
        return USAGE;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Without a command: the list of commands, exit code 2. */
    @Command(name = PROGRAM, mixinStandardHelpOptions = true, versionProvider = VersionCommand.class,
            synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n",
            subcommands = {PlanCommand.class, DemoCommand.class, StatusCommand.class, ContractCommand.class,
                RollbackCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
            footer = {"", "Run a command with --help for its options."})
    static final class Root implements Callable<Integer> {
        private final PrintStream out;

        @Spec
        CommandSpec spec;

        Root(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            out.print(spec.commandLine().getUsageMessage());
            return USAGE;
        }
    }

    /** Builds the commands with the streams of this run (picocli's own classes as picocli would). */
    private record Factory(PrintStream out, PrintStream err) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object made;
            if (type == PlanCommand.class) {
                made = new PlanCommand(out, err);
            } else if (type == DemoCommand.class) {
                made = new DemoCommand(out, err);
            } else if (type == StatusCommand.class) {
                made = new StatusCommand(out, err);
            } else if (type == ContractCommand.class) {
                made = new ContractCommand(out, err);
            } else if (type == RollbackCommand.class) {
                made = new RollbackCommand(out, err);
            } else if (type == VersionCommand.class) {
                made = new VersionCommand(out);
            } else {
                return CommandLine.defaultFactory().create(type);
            }
            return type.cast(made);
        }
    }
}
