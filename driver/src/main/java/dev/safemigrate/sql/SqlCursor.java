package dev.safemigrate.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The significant tokens of one statement (comments and whitespace skipped), for rewrite rules that
 * must recognise an exact statement shape and find the offsets where they insert text. Tokens are
 * addressed by index; every method tolerates an index past the end (it simply does not match).
 */
public final class SqlCursor {
    private final TokenList tokens;

    private SqlCursor(TokenList tokens) {
        this.tokens = tokens;
    }

    /** Lexes {@code statement} (one statement's text) in {@code dialect}. */
    public static SqlCursor over(String statement, Dialect dialect) {
        return new SqlCursor(SqlLexer.lex(statement, dialect));
    }

    /** The statement text the offsets refer to. */
    public String sql() {
        return tokens.sql;
    }

    /** Number of tokens, a trailing {@code ;} included. */
    public int size() {
        return tokens.size();
    }

    /** Number of tokens without a trailing {@code ;}. */
    public int sizeWithoutSemicolon() {
        int n = tokens.size();
        return n > 0 && tokens.isPunct(n - 1, ';') ? n - 1 : n;
    }

    /** True when token {@code i} is the unquoted keyword {@code upper} (given in upper case). */
    public boolean isWord(int i, String upper) {
        return tokens.isWord(i, upper);
    }

    /** True when tokens from {@code i} on are the unquoted keywords {@code uppers}, in order. */
    public boolean isWords(int i, String... uppers) {
        for (int k = 0; k < uppers.length; k++) {
            if (!tokens.isWord(i + k, uppers[k])) {
                return false;
            }
        }
        return true;
    }

    public boolean isPunct(int i, char c) {
        return tokens.isPunct(i, c);
    }

    /** True when token {@code i} can start an object name (identifier or quoted identifier). */
    public boolean isName(int i) {
        return tokens.isName(i);
    }

    public boolean isString(int i) {
        return i >= 0 && i < tokens.size() && tokens.type(i) == TokenList.STRING;
    }

    /** Offset of token {@code i}'s first character in {@link #sql()}. */
    public int start(int i) {
        return tokens.start(i);
    }

    /** Offset just past token {@code i}. */
    public int end(int i) {
        return tokens.end(i);
    }

    public String text(int i) {
        return tokens.sql.substring(tokens.start(i), tokens.end(i));
    }

    /** Index just past the (possibly qualified) name starting at token {@code i}. */
    public int nameEnd(int i) {
        return Names.end(tokens, i, tokens.size());
    }

    /** The (possibly qualified) name occupying tokens {@code [i, nameEnd(i))}. */
    public QualifiedName name(int i) {
        return Names.read(tokens, i, nameEnd(i));
    }

    /**
     * The comma-separated items from token {@code from} to the end of the statement (its closing
     * semicolon left out), commas inside parentheses not counting: e.g. the actions of an
     * {@code ALTER TABLE}. Each item is {@code {first token, end token (exclusive)}}. {@code null} when
     * the parentheses do not balance or an item is empty.
     */
    public List<int[]> topLevelItems(int from) {
        int end = sizeWithoutSemicolon();
        List<int[]> items = new ArrayList<>();
        int start = from;
        int depth = 0;
        for (int k = from; k <= end; k++) {
            if (k < end && tokens.isPunct(k, '(')) {
                depth++;
            } else if (k < end && tokens.isPunct(k, ')')) {
                if (--depth < 0) {
                    return null;
                }
            } else if (k == end || (depth == 0 && tokens.isPunct(k, ','))) {
                if (k == start) {
                    return null;
                }
                items.add(new int[] {start, k});
                start = k + 1;
            }
        }
        return depth == 0 ? items : null;
    }

    /** Index of the {@code )} matching the {@code (} at {@code i}, or -1 when it is not closed. */
    public int closingParen(int i) {
        int depth = 0;
        for (int k = i; k < tokens.size(); k++) {
            if (tokens.isPunct(k, '(')) {
                depth++;
            } else if (tokens.isPunct(k, ')')) {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        return -1;
    }

    /** Index of the first top-level (outside parentheses) token at or after {@code from} that is the keyword, or -1. */
    public int findTopLevelWord(int from, String upper) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            if (tokens.isPunct(k, '(')) {
                depth++;
            } else if (tokens.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && tokens.isWord(k, upper)) {
                return k;
            }
        }
        return -1;
    }

    /** True when a top-level (outside parentheses) token in {@code [from, to)} is one of the keywords {@code uppers}. */
    public boolean hasTopLevelWord(int from, int to, Collection<String> uppers) {
        int depth = 0;
        for (int k = from; k < to && k < tokens.size(); k++) {
            if (tokens.isPunct(k, '(')) {
                depth++;
            } else if (tokens.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0) {
                for (String upper : uppers) {
                    if (tokens.isWord(k, upper)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when a top-level {@code ,} appears in {@code [from, to)}. */
    public boolean hasTopLevelComma(int from, int to) {
        int depth = 0;
        for (int k = from; k < to && k < tokens.size(); k++) {
            if (tokens.isPunct(k, '(')) {
                depth++;
            } else if (tokens.isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && tokens.isPunct(k, ',')) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when tokens {@code [from, to)} of this cursor and {@code [otherFrom, otherTo)} of {@code other}
     * spell the same SQL: names compared after quoting and case folding ({@code "email"} equals
     * {@code email}, {@code "Email"} does not), everything else exactly.
     */
    public boolean sameTokens(int from, int to, SqlCursor other, int otherFrom, int otherTo) {
        if (to - from != otherTo - otherFrom) {
            return false;
        }
        for (int k = 0; k < to - from; k++) {
            int a = from + k;
            int b = otherFrom + k;
            if (isName(a) && other.isName(b) && !isString(a) && !other.isString(b)) {
                if (!Names.fold(tokens, a).equals(Names.fold(other.tokens, b))) {
                    return false;
                }
            } else if (!text(a).equals(other.text(b))) {
                return false;
            }
        }
        return true;
    }
}
