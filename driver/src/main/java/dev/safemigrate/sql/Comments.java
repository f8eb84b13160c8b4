package dev.safemigrate.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comments of a statement, for directives written in them ({@code /* safemigrate:allow … *}{@code /},
 * {@code /* safemigrate:batch *}{@code /}). Only real comments count: the text between the lexer's
 * tokens holds nothing but whitespace and comments, so that is the only text scanned; the same words
 * inside a string literal, a quoted identifier or a dollar-quoted body are tokens and are never read.
 */
public final class Comments {
    private Comments() {
    }

    /** The text of every comment, markers ({@code --}, {@code #}, {@code /* *}{@code /}) removed, in order. */
    public static List<String> of(String statement, Dialect dialect) {
        return of(SqlCursor.over(statement, dialect));
    }

    /** The comments of a classified statement, read between the tokens it already has. */
    public static List<String> of(SqlStatement statement) {
        return of(statement.tokens());
    }

    private static List<String> of(SqlCursor c) {
        List<String> comments = new ArrayList<>();
        String statement = c.sql();
        Dialect dialect = c.dialect();
        int from = 0;
        for (int i = 0; i <= c.size(); i++) {
            int to = i < c.size() ? c.start(i) : statement.length();
            if (to > from) {
                scanGap(statement, from, to, dialect, comments);
            }
            if (i < c.size()) {
                from = c.end(i);
            }
        }
        return comments;
    }

    /**
     * True when a comment holds {@code safemigrate:<directive>} as a word of its own (followed by the end
     * of the comment, whitespace or punctuation other than {@code :}).
     */
    public static boolean hasDirective(String statement, Dialect dialect, String directive) {
        return hasDirective(of(statement, dialect), directive);
    }

    /** {@link #hasDirective(String, Dialect, String)} for a classified statement. */
    public static boolean hasDirective(SqlStatement statement, String directive) {
        return hasDirective(of(statement), directive);
    }

    private static boolean hasDirective(List<String> comments, String directive) {
        String marker = "safemigrate:" + directive.toLowerCase(Locale.ROOT);
        for (String comment : comments) {
            String lower = comment.toLowerCase(Locale.ROOT);
            for (int at = lower.indexOf(marker); at >= 0; at = lower.indexOf(marker, at + 1)) {
                int end = at + marker.length();
                boolean wordStart = at == 0 || !isWordChar(lower.charAt(at - 1));
                boolean wordEnd = end == lower.length() || (!isWordChar(lower.charAt(end)) && lower.charAt(end) != ':');
                if (wordStart && wordEnd) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    /** {@code [from, to)} holds only whitespace and comments; stops at anything else (it never should). */
    private static void scanGap(String s, int from, int to, Dialect dialect, List<String> out) {
        int k = from;
        while (k < to) {
            char ch = s.charAt(k);
            if (Character.isWhitespace(ch)) {
                k++;
            } else if (ch == '-' && k + 1 < to && s.charAt(k + 1) == '-') {
                int end = s.indexOf('\n', k);
                end = end < 0 || end > to ? to : end;
                out.add(s.substring(k + 2, end));
                k = end;
            } else if (ch == '#' && dialect == Dialect.MYSQL) {
                int end = s.indexOf('\n', k);
                end = end < 0 || end > to ? to : end;
                out.add(s.substring(k + 1, end));
                k = end;
            } else if (ch == '/' && k + 1 < to && s.charAt(k + 1) == '*') {
                int end = blockEnd(s, k, to, dialect == Dialect.POSTGRESQL);
                out.add(s.substring(k + 2, Math.max(k + 2, end - 2)));
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
}
