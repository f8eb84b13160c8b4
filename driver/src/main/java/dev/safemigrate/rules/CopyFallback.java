package dev.safemigrate.rules;

import dev.safemigrate.config.Setting;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * What happens to a MySQL/MariaDB {@link StepKind#ONLINE} step when the server runs none of its online forms
 * and the statement as written would copy the table (or hold a lock that stops writers). Decided by the rule
 * from the facts at planning time ({@link #choice}); completed with the server's own reason when it answers.
 * The engine logs or refuses ({@code execution.PlanRunner}); {@code plan} reports.
 *
 * @param rule the rule name users allow it by ({@code copying-alter} or {@code alter-column-type})
 * @param setting the policy setting that decided a refusal or a warning
 * @param statementText the statement as logs show it (shortened)
 * @param subject the table, for messages: {@code table `app`.`users` (~1000000 rows)}
 * @param tried the online forms asked for, in order ({@code ALGORITHM=INSTANT}, {@code ALGORITHM=INPLACE, LOCK=NONE})
 * @param recipe the safe way, for the warning or the refusal
 * @param onlineCopy what the driver's online table copy applies, whenever the user asked for it (policy
 *     {@code online} or the comment) and the statement allows it, whatever the choice: a statement sent again
 *     after a crashed copy resumes it even when the table's estimate now reads small; otherwise {@code null}
 */
public record CopyFallback(String rule, Setting setting, String statementText, String subject, Choice choice,
                           List<String> tried, String recipe, OnlineCopyRequest onlineCopy) {

    /** The decision, in the order it is made. */
    public enum Choice {
        /** Temporary, created in this transaction, or below {@code safemigrate.rewrite.minRows}: run as written. */
        SMALL,
        /** A {@code /* safemigrate:allow <rule> *}{@code /} comment: run as written. */
        ALLOWED,
        /** The policy is {@code refuse}: nothing further is sent. */
        REFUSE,
        /** The policy is {@code warn}: run as written, with a warning. */
        WARN,
        /**
         * The policy is {@code online}, or {@code /* safemigrate:online *}{@code /}: the driver copies the table
         * online (execution.onlinecopy) instead of running the statement as written.
         */
        ONLINE
    }

    public CopyFallback {
        Objects.requireNonNull(choice, "choice");
        tried = List.copyOf(tried);
        if (choice == Choice.ONLINE && onlineCopy == null) {
            throw new IllegalArgumentException("an online copy has its request");
        }
    }

    /** The server's reason as messages show it; {@code null} (no answer) reads "no online form". */
    public static String reason(SQLException serverAnswer) {
        return serverAnswer == null ? "no online form" : serverAnswer.getMessage();
    }

    /** What running the statement as written would do, with the server's reason. */
    public String risk(String reason) {
        return "the server cannot run it online (tried " + String.join(", then ", tried) + "; it answered: "
                + reason + "), so as written it would block writes to " + subject + " for as long as it runs (the server"
                + " copies the table, or holds a lock that stops writers)";
    }

    /** The exception a {@link Choice#REFUSE} throws (SQLSTATE SM001): the risk, the recipe, how to allow it. */
    public PolicyViolationException refusal(String reason) {
        return new PolicyViolationException("safemigrate refused " + statementText + " — nothing was changed. [" + rule
                + "] " + risk(reason) + ". Safe way: " + recipe + ". To run it as written anyway, add the comment"
                + " /* safemigrate:allow " + rule + " */ to the statement, or set " + setting.key()
                + "=warn (or safemigrate.policy.default=warn).", rule);
    }
}
