package dev.safemigrate.rules;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlCursor;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code /* safemigrate:allow <rule>[, <rule>…] *}{@code /} (or {@code -- safemigrate:allow <rule>})
 * comments in a statement: the per-statement override of a policy. Only real comments count: the text
 * between the lexer's tokens holds nothing but whitespace and comments, so that is the only text
 * scanned; the same words inside a string literal, a quoted identifier or a dollar-quoted body are
 * tokens and are never read. Rule names are case-insensitive and separated by commas or spaces.
 */
public final class AllowComments {
    private static final String MARKER = "safemigrate:allow";

    private AllowComments() {
    }

    /** The rule names the statement's comments allow, lower case, in order of appearance. */
    public static Set<String> allowed(String statement, Dialect dialect) {
        Set<String> names = new LinkedHashSet<>();
        SqlCursor c = SqlCursor.over(statement, dialect);
        int from = 0;
        for (int i = 0; i <= c.size(); i++) {
            int to = i < c.size() ? c.start(i) : statement.length();
            if (to > from) {
                scanGap(statement, from, to, dialect, names);
            }
            if (i < c.size()) {
                from = c.end(i);
            }
        }
        return names;
    }

    /** True when the statement allows {@code rule}. */
    public static boolean allows(String statement, Dialect dialect, String rule) {
        return allowed(statement, dialect).contains(rule.toLowerCase(Locale.ROOT));
    }

    /** {@code [from, to)} holds only whitespace and comments; stops at anything else (it never should). */
    private static void scanGap(String s, int from, int to, Dialect dialect, Set<String> names) {
        int k = from;
        while (k < to) {
            char ch = s.charAt(k);
            if (Character.isWhitespace(ch)) {
                k++;
            } else if (ch == '-' && k + 1 < to && s.charAt(k + 1) == '-') {
                int end = s.indexOf('\n', k);
                end = end < 0 || end > to ? to : end;
                body(s.substring(k + 2, end), names);
                k = end;
            } else if (ch == '#' && dialect == Dialect.MYSQL) {
                int end = s.indexOf('\n', k);
                end = end < 0 || end > to ? to : end;
                body(s.substring(k + 1, end), names);
                k = end;
            } else if (ch == '/' && k + 1 < to && s.charAt(k + 1) == '*') {
                int end = blockEnd(s, k, to, dialect == Dialect.POSTGRESQL);
                body(s.substring(k + 2, Math.max(k + 2, end - 2)), names);
                k = end;
            } else {
                return;
            }
        }
    }

    /** Offset just past the block comment starting at {@code k} (PostgreSQL block comments nest). */
    private static int blockEnd(String s, int k, int to, boolean nests) {
        int depth = 0;
        int j = k;
        while (j < to) {
            if (j + 1 < to && s.charAt(j) == '/' && s.charAt(j + 1) == '*' && (nests || depth == 0)) {
                depth++;
                j += 2;
            } else if (j + 1 < to && s.charAt(j) == '*' && s.charAt(j + 1) == '/') {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return to;
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
