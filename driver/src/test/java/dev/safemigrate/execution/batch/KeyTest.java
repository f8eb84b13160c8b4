package dev.safemigrate.execution.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A key as logs and messages show it: numbers as they are, text never (SecretsNeverLeakTest found it there). */
class KeyTest {

    @Test
    void aTextComponentIsNeverShownANumericOneIs() {
        Key key = new Key(List.of("42", "sm-secret-token"), List.of(true, false));
        assertThat(key.toString()).isEqualTo("(42, <text>)").doesNotContain("sm-secret");
    }

    @Test
    void theJournalStillGetsTheWholeKey() {
        Key key = new Key(List.of("42", "a'b\\c"), List.of(true, false));
        assertThat(Key.decode(key.encode(), key.numeric()).values()).containsExactly("42", "a'b\\c");
    }
}
