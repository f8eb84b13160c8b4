package dev.safemigrate.sql;

/**
 * Turns a SQL string into its significant tokens in one left-to-right pass. Its only job is to know
 * where strings, quoted identifiers and comments begin and end in each dialect, so that a {@code ;}
 * or a keyword inside them is never mistaken for code. It never throws: anything unterminated
 * simply runs to the end of the input.
 */
final class SqlLexer {
    private SqlLexer() {}

    static TokenList lex(String sql, Dialect dialect) {
        TokenList out = new TokenList(sql, dialect, sql.length() / 4 + 8);
        if (dialect == Dialect.MYSQL) {
            lexMySql(sql, out);
        } else {
            lexPostgres(sql, out);
        }
        return out;
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static void lexPostgres(String s, TokenList out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            if (c == '-' && next == '-') {
                i = pgLineEnd(s, i + 2);
                continue;
            }
            if (c == '/' && next == '*') {
                i = pgBlockCommentEnd(s, i + 2);
                continue;
            }
            if (c == '\'') {
                // standard_conforming_strings = on: a backslash is an ordinary character
                int e = quotedEnd(s, i, '\'', false);
                out.add(TokenList.STRING, i, e);
                i = e;
                continue;
            }
            if (c == '"') {
                int e = quotedEnd(s, i, '"', false);
                out.add(TokenList.QUOTED_IDENT, i, e);
                i = e;
                continue;
            }
            if (c == '$') {
                i = pgDollar(s, i, out);
                continue;
            }
            if (isDigit(c)) {
                int e = numberEnd(s, i);
                out.add(TokenList.NUMBER, i, e);
                i = e;
                continue;
            }
            if (isPgIdentStart(c)) {
                if ((c == 'e' || c == 'E') && next == '\'') {
                    // E'…': the one PostgreSQL string form in which backslash escapes the quote
                    int e = quotedEnd(s, i + 1, '\'', true);
                    out.add(TokenList.STRING, i, e);
                    i = e;
                    continue;
                }
                int e = identEnd(s, i + 1);
                out.add(TokenList.WORD, i, e);
                i = e;
                continue;
            }
            out.add(TokenList.PUNCT, i, i + 1);
            i++;
        }
    }

    /** PostgreSQL {@code --} comments end at LF or CR. */
    private static int pgLineEnd(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
            i++;
        }
        return n;
    }

    /** PostgreSQL block comments nest: {@code /* /* *}{@code / still inside *}{@code /}. */
    private static int pgBlockCommentEnd(String s, int i) {
        int n = s.length();
        int depth = 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * At a {@code $}: a parameter {@code $1}, a dollar-quoted string {@code $$…$$} /
     * {@code $tag$…$tag$}, or a lone operator character. Returns the offset after the token.
     */
    private static int pgDollar(String s, int i, TokenList out) {
        int n = s.length();
        int j = i + 1;
        if (j < n && isDigit(s.charAt(j))) {
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            out.add(TokenList.PARAM, i, j);
            return j;
        }
        if (j < n && isPgIdentStart(s.charAt(j))) {
            j++;
            while (j < n && isTagPart(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && s.charAt(j) == '$') {
            int tagLen = j + 1 - i;
            int k = j + 1;
            int end = n;
            while (k < n) {
                k = s.indexOf('$', k);
                if (k < 0) {
                    break;
                }
                if (s.regionMatches(k, s, i, tagLen)) {
                    end = k + tagLen;
                    break;
                }
                k++;
            }
            out.add(TokenList.STRING, i, end);
            return end;
        }
        out.add(TokenList.PUNCT, i, i + 1);
        return i + 1;
    }

    // ---------------------------------------------------------------- MySQL / MariaDB

    private static void lexMySql(String s, TokenList out) {
        int n = s.length();
        int i = 0;
        // inside /*! … */ or /*M! … */: the content is lexed as code and the closing */ is skipped
        boolean inExecutableComment = false;
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            if (c == '#') {
                i = myLineEnd(s, i + 1);
                continue;
            }
            if (c == '-' && next == '-' && (i + 2 >= n || isMyDashTerminator(s.charAt(i + 2)))) {
                i = myLineEnd(s, i + 2);
                continue;
            }
            if (c == '/' && next == '*') {
                int body = executableCommentBody(s, i);
                if (body > 0 && !inExecutableComment) {
                    inExecutableComment = true;
                    i = body;
                    continue;
                }
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            }
            if (c == '*' && next == '/' && inExecutableComment) {
                inExecutableComment = false;
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                int e = quotedEnd(s, i, c, true);
                out.add(TokenList.STRING, i, e);
                i = e;
                continue;
            }
            if (c == '`') {
                int e = quotedEnd(s, i, '`', false);
                out.add(TokenList.QUOTED_IDENT, i, e);
                i = e;
                continue;
            }
            if (c == '@') {
                int j = i + 1;
                if (j < n && s.charAt(j) == '@') {
                    j++;
                }
                int k = identEnd(s, j);
                if (k > j) {
                    out.add(TokenList.VARIABLE, i, k);
                    i = k;
                    continue;
                }
                out.add(TokenList.PUNCT, i, i + 1);
                i++;
                continue;
            }
            if (isDigit(c)) {
                int e = numberEnd(s, i);
                // MySQL identifiers may start with a digit (1abc); keep such a thing one token
                if (e < n && isIdentPart(s.charAt(e)) && s.charAt(e - 1) != '.') {
                    e = identEnd(s, e);
                    out.add(TokenList.WORD, i, e);
                } else {
                    out.add(TokenList.NUMBER, i, e);
                }
                i = e;
                continue;
            }
            if (isPgIdentStart(c) || c == '$') {
                int e = identEnd(s, i + 1);
                out.add(TokenList.WORD, i, e);
                i = e;
                continue;
            }
            out.add(TokenList.PUNCT, i, i + 1);
            i++;
        }
    }

    /**
     * If the comment at {@code i} is executable ({@code /*!}, {@code /*!50100}, {@code /*M!},
     * {@code /*M!100100}), the offset where its code starts; otherwise 0. The version number is
     * ignored: the server we talk to is assumed recent enough to run every such comment.
     */
    private static int executableCommentBody(String s, int i) {
        int n = s.length();
        int j = i + 2;
        if (j < n && s.charAt(j) == '!') {
            j++;
        } else if (j + 1 < n && s.charAt(j) == 'M' && s.charAt(j + 1) == '!') {
            j += 2;
        } else {
            return 0;
        }
        int digits = 0;
        while (j < n && digits < 6 && isDigit(s.charAt(j))) {
            j++;
            digits++;
        }
        return j;
    }

    /** MySQL {@code #} and {@code -- } comments end at LF only. */
    private static int myLineEnd(String s, int i) {
        int idx = s.indexOf('\n', i);
        return idx < 0 ? s.length() : idx;
    }

    /** MySQL's {@code --} starts a comment only when followed by whitespace or a control character. */
    private static boolean isMyDashTerminator(char c) {
        return c <= ' ' || c == 0x7f;
    }

    // ---------------------------------------------------------------- shared

    /**
     * End of a quoted token opened by {@code quote} at {@code i}: a doubled quote stays inside, and
     * with {@code backslash} a backslash escapes the next character. Unterminated: end of input.
     */
    private static int quotedEnd(String s, int i, char quote, boolean backslash) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (backslash && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < n && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return n;
    }

    private static int numberEnd(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
            j++;
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                j = k;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    /** Whitespace, control characters and a byte-order mark (left in front of some script files). */
    private static boolean isSpace(char c) {
        return c <= ' ' || c == '\uFEFF';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPgIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** Offset just past the identifier characters starting at {@code from}. */
    private static int identEnd(String s, int from) {
        int e = from;
        int n = s.length();
        while (e < n && isIdentPart(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static boolean isIdentPart(char c) {
        return isPgIdentStart(c) || isDigit(c) || c == '$';
    }

    /** A dollar-quote tag is an identifier without {@code $}. */
    private static boolean isTagPart(char c) {
        return isPgIdentStart(c) || isDigit(c);
    }
}
