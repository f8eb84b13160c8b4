package dev.safemigrate.rules;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.SqlStatement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code /* safemigrate:allow <rule>[, <rule>…] *}{@code /} (or {@code -- safemigrate:allow <rule>})
 * comments in a statement: the per-statement override of a policy. Only real comments count
 * ({@link Comments}). Rule names are case-insensitive and separated by commas or spaces.
 */
public final class AllowComments {
    private static final String MARKER = "safemigrate:allow";

    private AllowComments() {
    }

    /** The rule names the statement's comments allow, lower case, in order of appearance. */
    public static Set<String> allowed(String statement, Dialect dialect) {
        return names(Comments.of(statement, dialect));
    }

    /** The rule names a classified statement's comments allow, read between the tokens it already has. */
    public static Set<String> allowed(SqlStatement statement) {
        return names(Comments.of(statement));
    }

    /** True when the statement allows {@code rule}. */
    public static boolean allows(String statement, Dialect dialect, String rule) {
        return allowed(statement, dialect).contains(rule.toLowerCase(Locale.ROOT));
    }

    /** True when the classified statement allows {@code rule}. */
    public static boolean allows(SqlStatement statement, String rule) {
        return allowed(statement).contains(rule.toLowerCase(Locale.ROOT));
    }

    private static Set<String> names(List<String> comments) {
        Set<String> names = new LinkedHashSet<>();
        for (String comment : comments) {
            body(comment, names);
        }
        return names;
    }

    /** Every {@code safemigrate:allow} in one comment's text, each followed by its list of names. */
    private static void body(String comment, Set<String> names) {
        String lower = comment.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(MARKER);
        while (at >= 0) {
            int k = at + MARKER.length();
            if (k < lower.length() && !Character.isWhitespace(lower.charAt(k))) {
                at = lower.indexOf(MARKER, k); // e.g. safemigrate:allowed: not ours
                continue;
            }
            // names: [a-z0-9-]+ separated by commas and/or whitespace, up to anything else
            while (true) {
                while (k < lower.length() && (Character.isWhitespace(lower.charAt(k)) || lower.charAt(k) == ',')) {
                    k++;
                }
                int start = k;
                while (k < lower.length() && isNameChar(lower.charAt(k))) {
                    k++;
                }
                if (k == start || lower.startsWith(MARKER, start)) {
                    break;
                }
                if (k < lower.length() && lower.charAt(k) == ':') {
                    break; // another marker-like word, e.g. "safemigrate:…"
                }
                names.add(lower.substring(start, k));
            }
            at = lower.indexOf(MARKER, k);
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
