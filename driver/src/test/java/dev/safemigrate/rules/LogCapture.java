package dev.safemigrate.rules;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the driver logs while {@code action} runs, as the test logging backend (slf4j-simple, to System.err
 * by default) prints it: "WARN dev.safemigrate… - [rule] …". Tests run one at a time in the driver's build.
 */
public final class LogCapture {
    private LogCapture() {
    }

    /** Something that may throw, e.g. a rule asked to plan. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** The log lines printed while {@code action} ran (also when it threw; the exception is rethrown). */
    public static String of(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
