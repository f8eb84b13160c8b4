package dev.safemigrate.it.support;

import dev.safemigrate.it.audit.LogAudit;
import dev.safemigrate.it.db.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test sources in a new JVM, the way a tool runs: with the test class path
 * minus safemigrate's own classes (a tool that cannot change its URL does not have our driver), and
 * with or without {@code -javaagent:safemigrate-agent.jar}. The database is passed in the environment
 * ({@code APP_URL}, {@code APP_USER}, {@code APP_PASSWORD}) so it never shows in a process list.
 */
public final class ForkedJvm {
    private static final String AGENT_JAR_PROPERTY = "it.agent.jar";

    private final List<String> command = new ArrayList<>();
    private final ProcessBuilder builder = new ProcessBuilder();
    private final String mainClass;
    private String agentOptions;
    private boolean withAgent;
    private boolean withDriver;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    private ForkedJvm(Class<?> mainClass) {
        this.mainClass = mainClass.getName();
    }

    public static ForkedJvm of(Class<?> mainClass) {
        return new ForkedJvm(mainClass);
    }

    /** Attach the built agent jar with these options ({@code key=value,…}, or null for none). */
    public ForkedJvm withAgent(String options) {
        this.withAgent = true;
        this.agentOptions = options;
        return this;
    }

    /**
     * Keep safemigrate's driver on the class path (an application that uses {@code jdbc:safemigrate:} URLs), with
     * these JVM options (e.g. {@code -Dorg.slf4j.simpleLogger.log.dev.safemigrate=trace}, which slf4j-simple reads
     * only when a logger is made: a fresh JVM is the way to raise the driver's levels).
     */
    public ForkedJvm withDriver(String... options) {
        this.withDriver = true;
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public ForkedJvm database(TestDatabase db) {
        return database(db.bareUrl(), db.user(), db.password());
    }

    public ForkedJvm database(String url, String user, String password) {
        builder.environment().put("APP_URL", url);
        builder.environment().put("APP_USER", user);
        builder.environment().put("APP_PASSWORD", password);
        return this;
    }

    /** One more environment variable for the JVM (e.g. a path the application waits for). */
    public ForkedJvm environment(String name, String value) {
        builder.environment().put(name, value);
        return this;
    }

    public ForkedJvm args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** The path of the agent jar the build made (agent module, package phase). */
    public static Path agentJar() {
        String path = System.getProperty(AGENT_JAR_PROPERTY);
        if (path == null) {
            throw new IllegalStateException(AGENT_JAR_PROPERTY + " is not set: run the tests through Maven"
                    + " (integration-tests/pom.xml sets it to the agent module's jar)");
        }
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The agent jar " + jar + " does not exist: build the agent module first"
                    + " (./mvnw -B verify from the root builds it before the integration tests)");
        }
        return jar;
    }

    /** Starts the JVM; its output (stdout and stderr together) goes to a file the result reads. */
    public Running start() throws IOException {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions));
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(withDriver ? System.getProperty("java.class.path") : classPathWithoutSafemigrate());
        command.add(mainClass);
        command.addAll(args);
        Path output = Files.createTempFile("forked-jvm", ".log");
        builder.command(command).redirectErrorStream(true).redirectOutput(output.toFile());
        return new Running(builder.start(), output, String.join(" ", command.subList(0, command.size() - args.size())));
    }

    /** Starts the JVM and waits for it. */
    public Result run(long timeoutSeconds) throws Exception {
        return start().await(timeoutSeconds);
    }

    private static String classPathWithoutSafemigrate() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace('\\', '/');
            boolean ours = normalized.endsWith("/driver/target/classes") || normalized.contains("safemigrate-driver")
                    || normalized.contains("safemigrate-agent") || normalized.endsWith("/agent/target/classes")
                    || normalized.contains("safemigrate-cli") || normalized.endsWith("/cli/target/classes");
            if (!ours) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** A JVM that was started. */
    public static final class Running {
        private final Process process;
        private final Path output;
        private final String description;

        Running(Process process, Path output, String description) {
            this.process = process;
            this.output = output;
            this.description = description;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public Result await(long timeoutSeconds) throws Exception {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the forked JVM did not finish within " + timeoutSeconds + " s: " + description
                        + "\n" + audited());
            }
            return new Result(process.exitValue(), audited(), description);
        }

        /** What the JVM has printed so far. */
        public String outputSoFar() throws IOException {
            return audited();
        }

        /** The output, shown to the log audit too: a forked JVM's logs must not show a password either. */
        private String audited() throws IOException {
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            LogAudit.observe(printed);
            return printed;
        }

        /** The process id, e.g. to attach the agent to the running JVM. */
        public long pid() {
            return process.pid();
        }

        /** Waits until the JVM has printed a line {@code key=value} and returns the value; fails if it ends first. */
        public String awaitReported(String key, long timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                String value = new Result(0, printed, description).reported(key);
                if (value != null) {
                    return value;
                }
                boolean alive = process.isAlive();
                if (!alive || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    LogAudit.observe(printed);
                    throw new AssertionError("the forked JVM printed no " + key + "= line (" + (alive ? "timed out"
                            : "it ended") + "): " + description + "\n" + printed);
                }
                Thread.sleep(20);
            }
        }
    }

    /** How a forked JVM ended and what it printed. */
    public record Result(int exitCode, String output, String command) {
        /** Throws with the whole output unless the JVM exited with 0. */
        public Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError("the forked JVM exited with " + exitCode + ": " + command + "\n" + output);
            }
            return this;
        }

        /** The value of the last line printed as {@code key=value}, or null. */
        public String reported(String key) {
            String value = null;
            for (String line : output.split("\\R")) {
                if (line.startsWith(key + "=")) {
                    value = line.substring(key.length() + 1);
                }
            }
            return value;
        }
    }
}
