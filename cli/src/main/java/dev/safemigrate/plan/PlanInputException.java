package dev.safemigrate.plan;

/** Bad input for {@code plan}: a missing or unreadable path, clashing versions. The message says what to do. */
public final class PlanInputException extends Exception {
    public PlanInputException(String message) {
        super(message);
    }
}
