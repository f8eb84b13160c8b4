package dev.safemigrate.it.support;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Crashes the test server and starts it again, with the command that {@code SAFEMIGRATE_TEST_PG_RESTART} /
 * {@code SAFEMIGRATE_TEST_MYSQL_RESTART} name (a shell command; {@code .ci/run} points them at
 * {@code .ci/restart-db}). The command must return once the server answers again.
 *
 * <p>Without the variable, a server found as this machine's local service is restarted by {@code .ci/restart-db}
 * itself; any other server (one named by the environment, a container) cannot be restarted from here, so the test
 * fails and says which variable to set: a CI test runs or fails, it never skips.
 */
public final class ServerRestart {
    private static final long LIMIT_SECONDS = 120;

    private final String command;

    private ServerRestart(String command) {
        this.command = command;
    }

    /** How to restart {@code db}'s server, or a failure saying how to tell. */
    public static ServerRestart of(TestDatabase db) {
        String variable = db.engine() == Engine.POSTGRESQL ? "SAFEMIGRATE_TEST_PG_RESTART" : "SAFEMIGRATE_TEST_MYSQL_RESTART";
        String engine = db.engine() == Engine.POSTGRESQL ? "postgresql" : "mysql";
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return new ServerRestart(given);
        }
        Path script = repositoryRoot().resolve(".ci/restart-db");
        if (db.source().equals("local") && Files.isExecutable(script)) {
            return new ServerRestart(script + " " + engine);
        }
        throw new IllegalStateException("this test crashes and restarts the " + engine + " server, but it came from "
                + db.source() + " and cannot be restarted from here: set " + variable + " to a shell command that"
                + " restarts it and returns once it answers (e.g. " + script + " " + engine + ")");
    }

    /** Runs the restart command; returns once the server answers again. */
    public void crashAndStart() throws IOException, InterruptedException {
        // output to a file, not a pipe: the server started again may inherit the pipe and keep it open for ever
        Path output = Files.createTempFile("safemigrate-restart", ".log");
        try {
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("restart command did not end within " + LIMIT_SECONDS + " s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("restart command failed (exit " + p.exitValue() + "): " + command + "\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The repository's root: the integration-tests module's parent (surefire runs in the module's folder). */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve(".ci")) ? here : here.getParent();
    }

    @Override
    public String toString() {
        return "ServerRestart[" + command + "]";
    }
}
