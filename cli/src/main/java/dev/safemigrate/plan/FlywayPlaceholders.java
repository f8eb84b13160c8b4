package dev.safemigrate.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Flyway's placeholder replacement, as Flyway does it before it parses a migration: every {@code ${name}} in
 * the file's text (comments included) is replaced by its value, and a placeholder without a value is an
 * error, so that {@code plan} reads the statements Flyway would send. Values come from {@code --placeholder
 * name=value} (Flyway's {@code flyway.placeholders.name}) and Flyway's built-in {@code ${flyway:…}}
 * placeholders. Names are compared without case, as Flyway's configuration keys are.
 */
public final class FlywayPlaceholders {
    private static final String PREFIX = "${";
    private static final String SUFFIX = "}";

    /** name (lower case) → value. */
    private final Map<String, String> values = new LinkedHashMap<>();
    private final boolean enabled;

    /**
     * @param given {@code --placeholder} values (they win over the built-in ones)
     * @param builtIn Flyway's own placeholders known for this run, e.g. {@code flyway:defaultSchema}
     * @param enabled false for {@code --no-placeholders} (Flyway's {@code placeholderReplacement=false})
     */
    public FlywayPlaceholders(Map<String, String> given, Map<String, String> builtIn, boolean enabled) {
        builtIn.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
        given.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
        this.enabled = enabled;
    }

    /**
     * The file's text with every placeholder replaced ({@code flyway:filename} is the file's own name); a
     * placeholder without a value is bad input, at the line it is on.
     */
    String replace(String text, MigrationFile file) throws PlanInputException {
        if (!enabled || !text.contains(PREFIX)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (true) {
            int start = text.indexOf(PREFIX, at);
            if (start < 0) {
                break;
            }
            int end = text.indexOf(SUFFIX, start + PREFIX.length());
            if (end < 0) {
                break; // Flyway leaves an unterminated "${" alone too
            }
            String name = text.substring(start + PREFIX.length(), end);
            String value = name.equalsIgnoreCase("flyway:filename") ? file.path().getFileName().toString()
                    : values.get(name.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new PlanInputException(file.displayName() + ":" + Planner.lineAt(text, start)
                        + ": no value for the"
                        + " placeholder " + PREFIX + name + SUFFIX + ": give --placeholder " + name + "=VALUE (Flyway's"
                        + " flyway.placeholders." + name + "), or --no-placeholders if Flyway runs with"
                        + " placeholderReplacement=false");
            }
            out.append(text, at, start).append(value);
            at = end + SUFFIX.length();
        }
        return out.append(text, at, text.length()).toString();
    }
}
