package dev.safemigrate.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's entry: commands, help, version and the exit codes a script sees. */
class MainTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandListsTheCommandsAndExitsTwo() {
        Result r = run();

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.out()).contains("Usage: java -jar safemigrate.jar").contains("plan").contains("demo")
                .contains("version");
    }

    @Test
    void anUnknownCommandIsBadUsageWithASuggestion() {
        Result r = run("plna");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("safemigrate: Unmatched argument at index 0: 'plna'").contains("plan")
                .contains("Run 'java -jar safemigrate.jar --help' for the options.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionAsACommandAndAsAnOption() {
        assertThat(run("version").out()).startsWith("safemigrate ");
        assertThat(run("--version").out()).startsWith("safemigrate ");
        assertThat(run("version").code()).isZero();
    }

    @Test
    void helpForACommandPrintsItsOptions() {
        Result r = run("help", "plan");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: java -jar safemigrate.jar plan").contains("--fail-on=LEVEL");
    }
}
