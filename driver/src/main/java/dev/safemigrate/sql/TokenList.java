package dev.safemigrate.sql;

/**
 * The significant tokens of one SQL string, stored as parallel primitive arrays (type, start, end)
 * rather than token objects so lexing allocates a handful of arrays instead of one object per token.
 * Whitespace and comments are not stored: the splitter and the classifier never need them, and the
 * statement texts are cut from the input by offset.
 */
final class TokenList {
    /** Unquoted identifier or keyword. */
    static final byte WORD = 1;
    /** Quoted identifier: PostgreSQL {@code "…"}, MySQL {@code `…`}. */
    static final byte QUOTED_IDENT = 2;
    /** String literal of any kind, including PostgreSQL dollar-quoted bodies and MySQL {@code "…"}. */
    static final byte STRING = 3;
    static final byte NUMBER = 4;
    /** PostgreSQL positional parameter {@code $1}. */
    static final byte PARAM = 5;
    /** MySQL user or system variable {@code @x}, {@code @@x}. */
    static final byte VARIABLE = 6;
    /** Any other single character: punctuation and operator characters. */
    static final byte PUNCT = 7;

    final String sql;
    final Dialect dialect;
    private byte[] type;
    private int[] start;
    private int[] end;
    private int size;

    TokenList(String sql, Dialect dialect, int capacity) {
        this.sql = sql;
        this.dialect = dialect;
        this.type = new byte[capacity];
        this.start = new int[capacity];
        this.end = new int[capacity];
    }

    void add(byte tokenType, int from, int to) {
        if (size == type.length) {
            int cap = size * 2 + 8;
            type = java.util.Arrays.copyOf(type, cap);
            start = java.util.Arrays.copyOf(start, cap);
            end = java.util.Arrays.copyOf(end, cap);
        }
        type[size] = tokenType;
        start[size] = from;
        end[size] = to;
        size++;
    }

    int size() {
        return size;
    }

    byte type(int i) {
        return type[i];
    }

    int start(int i) {
        return start[i];
    }

    int end(int i) {
        return end[i];
    }

    /** True when token {@code i} exists and is the single character {@code c}. */
    boolean isPunct(int i, char c) {
        return i >= 0 && i < size && type[i] == PUNCT && sql.charAt(start[i]) == c;
    }

    /**
     * True when token {@code i} exists and is the unquoted word {@code upper}, compared ASCII
     * case-insensitively without allocating ({@code upper} must be upper case).
     */
    boolean isWord(int i, String upper) {
        if (i < 0 || i >= size || type[i] != WORD) {
            return false;
        }
        int s = start[i];
        int len = end[i] - s;
        if (len != upper.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            char c = sql.charAt(s + k);
            char u = upper.charAt(k);
            if (c != u && !(c >= 'a' && c <= 'z' && c - 32 == u)) {
                return false;
            }
        }
        return true;
    }

    /** True when token {@code i} is one of {@code words} (upper case). */
    boolean isAnyWord(int i, String[] words) {
        if (i < 0 || i >= size || type[i] != WORD) {
            return false;
        }
        for (String w : words) {
            if (isWord(i, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when token {@code i} can be (part of) an object name: an unquoted word or a quoted
     * identifier; in MySQL also a double-quoted token, which is an identifier under ANSI_QUOTES.
     */
    boolean isName(int i) {
        if (i < 0 || i >= size) {
            return false;
        }
        byte t = type[i];
        return t == WORD
                || t == QUOTED_IDENT
                || (t == STRING && dialect == Dialect.MYSQL && sql.charAt(start[i]) == '"');
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(type[i]).append(':').append(sql, start[i], end[i]);
        }
        return b.append(']').toString();
    }
}
