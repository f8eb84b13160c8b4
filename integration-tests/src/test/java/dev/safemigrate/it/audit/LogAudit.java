package dev.safemigrate.it.audit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class whose output shows a database password or a bind-value canary: passwords and bind
 * values must never reach a log or a message (docs/observability.md). Registered for the whole suite through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled} (junit-platform.properties),
 * so no test class can forget it.
 *
 * <p>What it sees: everything written to {@code System.err} and {@code System.out} (slf4j-simple, the CLI,
 * {@code java.util.logging} handlers made after it), tee'd, not kept; and what tests hand it from elsewhere,
 * through {@link #observe(String)}: the output of forked JVMs (support/ForkedJvm) and of Maven runs
 * (support/MavenSamples). It looks for the configured passwords ({@code SAFEMIGRATE_TEST_PG_PASSWORD},
 * {@code SAFEMIGRATE_TEST_MYSQL_PASSWORD}, or their {@code -Dsafemigrate.test.…} properties) and for
 * {@link #CANARY}, the prefix tests give to bind values that must not show.
 *
 * <p>With {@code CI=true} an empty password fails every class before it runs: the audit would find nothing.
 */
public final class LogAudit implements BeforeAllCallback, AfterAllCallback {

    /** The prefix of bind values planted by tests: seen in any output, it fails the test class. */
    public static final String CANARY = "sm-secret-";

    private static final String[] PASSWORDS = {"SAFEMIGRATE_TEST_PG_PASSWORD", "SAFEMIGRATE_TEST_MYSQL_PASSWORD"};

    private static final SecretScanner SCANNER = install();

    /** Hands the audit output that did not go through System.out/err (a forked JVM's, a child Maven's). */
    public static void observe(String output) {
        SCANNER.feed(output);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!topLevel(context)) {
            return;
        }
        SCANNER.reset();
        if (ci()) {
            List<String> empty = new ArrayList<>();
            for (String name : PASSWORDS) {
                if (configured(name) == null) {
                    empty.add(name);
                }
            }
            if (!empty.isEmpty()) {
                throw new IllegalStateException("CI=true but " + String.join(" and ", empty) + " is empty: the log audit"
                        + " (" + LogAudit.class.getName() + ") needs a real password to look for. .ci/run sets them.");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!topLevel(context)) {
            return;
        }
        String findings = SCANNER.findings();
        SCANNER.reset();
        if (findings != null) {
            throw new AssertionError("The output of " + context.getRequiredTestClass().getName()
                    + " shows a secret (password or bind-value canary " + CANARY + "…) " + findings);
        }
    }

    /** @Nested classes are audited with their top-level class: one report per class file. */
    private static boolean topLevel(ExtensionContext context) {
        return context.getTestClass().map(c -> c.getEnclosingClass() == null).orElse(false);
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The password as the tests' DatabaseResolver reads it: the system property first, then the environment. */
    private static String configured(String envName) {
        String property = System.getProperty(envName.toLowerCase(Locale.ROOT).replace('_', '.'));
        String value = property != null && !property.isBlank() ? property : System.getenv(envName);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static SecretScanner install() {
        List<SecretScanner.Needle> needles = new ArrayList<>();
        needles.add(SecretScanner.Needle.of("bind-value canary", CANARY));
        for (String name : PASSWORDS) {
            String password = configured(name);
            if (password != null) {
                needles.add(SecretScanner.Needle.of(name, password));
            }
        }
        SecretScanner scanner = new SecretScanner(needles);
        System.setErr(tee(System.err, scanner));
        System.setOut(tee(System.out, scanner));
        return scanner;
    }

    private static PrintStream tee(PrintStream original, SecretScanner scanner) {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                scanner.feed(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        return new PrintStream(both, true, Charset.defaultCharset());
    }
}
