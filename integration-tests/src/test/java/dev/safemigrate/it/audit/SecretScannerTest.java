package dev.safemigrate.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The audit's search: secrets found across writes, reported masked, forgotten on reset. */
class SecretScannerTest {
    private final SecretScanner scanner = new SecretScanner(List.of(SecretScanner.Needle.of("PW", "hunter2-xyz"),
            SecretScanner.Needle.of("canary", "sm-secret-")));

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        scanner.feed(bytes, 0, bytes.length);
    }

    @Test
    void aSecretSplitAcrossWritesIsFoundAndReportedMasked() {
        write("[main] INFO connecting with hunt");
        write("er2-xyz now\n");
        assertThat(scanner.findings()).contains("{PW=1}").contains("connecting with ***").doesNotContain("hunter2");
    }

    @Test
    void eachOccurrenceIsCountedOnce() {
        write("a sm-secret-1 b sm-secret-2");
        write(" c");
        write(" sm-secret-3");
        assertThat(scanner.findings()).contains("{canary=3}");
    }

    @Test
    void cleanOutputFindsNothingAndResetForgets() {
        write("nothing to see, hunter2 alone is not the password\n");
        assertThat(scanner.findings()).isNull();
        write("hunter2-xyz");
        assertThat(scanner.findings()).isNotNull();
        scanner.reset();
        assertThat(scanner.findings()).isNull();
    }

    @Test
    void separateDocumentsDoNotJoin() {
        scanner.feed("…hunter2");
        scanner.feed("-xyz…");
        assertThat(scanner.findings()).isNull();
    }
}
