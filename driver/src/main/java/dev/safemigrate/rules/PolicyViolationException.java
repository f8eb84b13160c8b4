package dev.safemigrate.rules;

import java.sql.SQLException;

/**
 * A statement refused by a {@code safemigrate.policy.*} setting: nothing was sent to the server.
 * SQLSTATE {@value #SQLSTATE} (class {@code SM}, implementation-defined, is the driver's own).
 */
public final class PolicyViolationException extends SQLException {
    /** A statement refused by policy. */
    public static final String SQLSTATE = "SM001";

    private final String rule;

    public PolicyViolationException(String message, String rule) {
        super(message, SQLSTATE);
        this.rule = rule;
    }

    /** The first refused operation's rule name, as written in {@code /* safemigrate:allow <rule> *}{@code /}. */
    public String rule() {
        return rule;
    }
}
