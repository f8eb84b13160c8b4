package dev.safemigrate.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar safemigrate.jar <command> …}: the command line. Each command is a class of its own
 * with a {@code run(args, out, err)} that returns the process exit code, so tests call it in-process.
 *
 * <p>Exit codes shared by every command: 0 success, 1 the command's own failure verdict (e.g. {@code plan}
 * found something at or above {@code --fail-on}), 2 bad usage or input, 3 the database could not be used.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED_CHECK = 1;
    public static final int USAGE = 2;
    public static final int DATABASE = 3;

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
        if (args.isEmpty() || isHelp(args.get(0))) {
            out.print(usage());
            return args.isEmpty() ? USAGE : OK;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "plan" -> PlanCommand.run(rest, out, err);
            case "demo" -> DemoCommand.run(rest, out, err);
            case "version", "--version" -> {
                out.println("safemigrate " + version());
                yield OK;
            }
            default -> {
                err.println("safemigrate: unknown command '" + args.get(0) + "'");
                err.print(usage());
                yield USAGE;
            }
        };
    }

    static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    static String usage() {
        return """
                Usage: java -jar safemigrate.jar <command> [options]

                Commands:
                  plan [--url JDBC_URL] PATH...   what each statement of a migration locks, rewrites, refuses
                  demo [--url JDBC_URL]           the same migration through the bare driver and through safemigrate,
                                                  under load, side by side (embedded PostgreSQL without --url)
                  version                         print the version

                Run a command with --help for its options.
                """;
    }
}
