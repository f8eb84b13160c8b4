package dev.safemigrate.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The significant tokens of one statement (comments and whitespace skipped), for the shape parsers and rules
 * that must recognise an exact statement shape and find the offsets where they insert text. Tokens are
 * addressed by index from 0; every method tolerates an index past the end (it simply does not match).
 *
 * <p>A cursor is a view: {@link SqlStatement#tokens()} gives one over the tokens the classifier already lexed
 * for the whole SQL string, so nothing is lexed twice; {@link #over} lexes a text of its own (a definition the
 * server printed, a statement the driver wrote). Offsets ({@link #start}, {@link #end}) are relative to
 * {@link #sql()}, the statement's own text. Immutable and safe to share between threads.
 */
public final class SqlCursor {
    private final TokenList tokens;
    /** Index in {@link #tokens} of this view's token 0. */
    private final int first;
    /** Number of tokens in this view. */
    private final int size;
    /** The statement's text; {@code base} is its offset in {@code tokens.sql}. */
    private final String text;
    private final int base;

    SqlCursor(TokenList tokens, int first, int end, String text, int base) {
        this.tokens = tokens;
        this.first = first;
        this.size = end - first;
        this.text = text;
        this.base = base;
    }

    /** Lexes {@code statement} (one statement's text) in {@code dialect}. */
    public static SqlCursor over(String statement, Dialect dialect) {
        TokenList t = SqlLexer.lex(statement, dialect);
        return new SqlCursor(t, 0, t.size(), statement, 0);
    }

    /** The statement text the offsets refer to. */
    public String sql() {
        return text;
    }

    public Dialect dialect() {
        return tokens.dialect;
    }

    /** Number of tokens, a trailing {@code ;} included. */
    public int size() {
        return size;
    }

    /** Number of tokens without a trailing {@code ;}. */
    public int sizeWithoutSemicolon() {
        return size > 0 && isPunct(size - 1, ';') ? size - 1 : size;
    }

    /** Token {@code i} of this view as an index of the whole list, or -1 when it is outside the view. */
    private int at(int i) {
        return i >= 0 && i < size ? first + i : -1;
    }

    /** True when token {@code i} is the unquoted keyword {@code upper} (given in upper case). */
    public boolean isWord(int i, String upper) {
        return tokens.isWord(at(i), upper);
    }

    /** True when tokens from {@code i} on are the unquoted keywords {@code uppers}, in order. */
    public boolean isWords(int i, String... uppers) {
        for (int k = 0; k < uppers.length; k++) {
            if (!isWord(i + k, uppers[k])) {
                return false;
            }
        }
        return true;
    }

    /** True when token {@code i} is one of the unquoted keywords {@code uppers}. */
    public boolean isAnyWord(int i, Collection<String> uppers) {
        for (String upper : uppers) {
            if (isWord(i, upper)) {
                return true;
            }
        }
        return false;
    }

    public boolean isPunct(int i, char c) {
        return tokens.isPunct(at(i), c);
    }

    /** True when token {@code i} can start an object name (identifier or quoted identifier). */
    public boolean isName(int i) {
        return tokens.isName(at(i));
    }

    public boolean isString(int i) {
        int k = at(i);
        return k >= 0 && tokens.type(k) == TokenList.STRING;
    }

    /** True when token {@code i} is an unquoted word (a keyword or a plain identifier). */
    public boolean isPlainWord(int i) {
        int k = at(i);
        return k >= 0 && tokens.type(k) == TokenList.WORD;
    }

    /** Offset of token {@code i}'s first character in {@link #sql()}. */
    public int start(int i) {
        return tokens.start(first + i) - base;
    }

    /** Offset just past token {@code i}. */
    public int end(int i) {
        return tokens.end(first + i) - base;
    }

    public String text(int i) {
        return tokens.sql.substring(tokens.start(first + i), tokens.end(first + i));
    }

    /** Token {@code i} read as one name part: quotes removed, unquoted folded as the server folds it. */
    public String folded(int i) {
        return Names.fold(tokens, first + i);
    }

    /** Index just past the (possibly qualified) name starting at token {@code i}. */
    public int nameEnd(int i) {
        return Names.end(tokens, first + i, first + size) - first;
    }

    /** The (possibly qualified) name occupying tokens {@code [i, nameEnd(i))}. */
    public QualifiedName name(int i) {
        return Names.read(tokens, first + i, first + nameEnd(i));
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
            if (k < end && isPunct(k, '(')) {
                depth++;
            } else if (k < end && isPunct(k, ')')) {
                if (--depth < 0) {
                    return null;
                }
            } else if (k == end || (depth == 0 && isPunct(k, ','))) {
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
        for (int k = i; k < size; k++) {
            if (isPunct(k, '(')) {
                depth++;
            } else if (isPunct(k, ')')) {
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
        return findTopLevelWord(from, size, upper);
    }

    /** Index of the first top-level token in {@code [from, to)} that is the keyword, or -1. */
    public int findTopLevelWord(int from, int to, String upper) {
        int depth = 0;
        for (int k = from; k < to && k < size; k++) {
            if (isPunct(k, '(')) {
                depth++;
            } else if (isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && isWord(k, upper)) {
                return k;
            }
        }
        return -1;
    }

    /** Index of the first token in {@code [from, to)} that is the keyword, at any depth, or -1. */
    public int findWord(int from, int to, String upper) {
        for (int k = from; k < to && k < size; k++) {
            if (isWord(k, upper)) {
                return k;
            }
        }
        return -1;
    }

    /** True when a top-level (outside parentheses) token in {@code [from, to)} is one of the keywords {@code uppers}. */
    public boolean hasTopLevelWord(int from, int to, Collection<String> uppers) {
        int depth = 0;
        for (int k = from; k < to && k < size; k++) {
            if (isPunct(k, '(')) {
                depth++;
            } else if (isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && isAnyWord(k, uppers)) {
                return true;
            }
        }
        return false;
    }

    /** True when a top-level {@code ,} appears in {@code [from, to)}. */
    public boolean hasTopLevelComma(int from, int to) {
        int depth = 0;
        for (int k = from; k < to && k < size; k++) {
            if (isPunct(k, '(')) {
                depth++;
            } else if (isPunct(k, ')')) {
                depth--;
            } else if (depth == 0 && isPunct(k, ',')) {
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
                if (!Names.fold(tokens, first + a).equals(Names.fold(other.tokens, other.first + b))) {
                    return false;
                }
            } else if (!text(a).equals(other.text(b))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : " ").append(text(i));
        }
        return b.append(']').toString();
    }
}
