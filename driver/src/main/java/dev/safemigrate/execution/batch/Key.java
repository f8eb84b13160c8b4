package dev.safemigrate.execution.batch;

import java.util.Arrays;
import java.util.List;

/**
 * One primary-key value (one component per key column), as read from the server, with whether each
 * component is numeric (written bare) or not (written as a string literal the server converts).
 */
public record Key(List<String> values, List<Boolean> numeric) {
    /** Separates components in the journal; a key value never contains this control character. */
    private static final String SEPARATOR = "\u001F";

    public Key {
        values = List.copyOf(values);
        numeric = List.copyOf(numeric);
    }

    /** The journal's text form. */
    public String encode() {
        return String.join(SEPARATOR, values);
    }

    /** Reads {@link #encode()}'s form back; the numeric flags come from the key columns' types. */
    public static Key decode(String encoded, List<Boolean> numeric) {
        return new Key(Arrays.asList(encoded.split(SEPARATOR, -1)), numeric);
    }

    /**
     * For logs and messages: numeric components as they are, every other one as {@code <text>}. A text key is
     * data (an e-mail address, a token, a value the application bound) and never reaches a log or a message;
     * the journal holds the real key.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(numeric.get(i) ? values.get(i) : "<text>");
        }
        return b.append(')').toString();
    }
}
