package dev.safemigrate.sql;

/**
 * Reads a possibly qualified object name ({@code a}, {@code s.a}, {@code db.s.a}) from the tokens
 * and applies the dialect's identifier rules: PostgreSQL folds unquoted names to lower case, MySQL
 * keeps them; quotes are removed and doubled quotes un-doubled.
 */
final class Names {
    private Names() {}

    /**
     * Index just past the name starting at token {@code i} (which must satisfy
     * {@link TokenList#isName}): parts joined by {@code .}, stopping before a {@code .} that is not
     * followed by another name part (as in MySQL {@code DELETE t.* FROM …}).
     */
    static int end(TokenList t, int i, int limit) {
        int last = i;
        while (last + 2 < limit && t.isPunct(last + 1, '.') && t.isName(last + 2)) {
            last += 2;
        }
        return last + 1;
    }

    /** The name occupying tokens {@code [i, end)}, as produced by {@link #end}. */
    static QualifiedName read(TokenList t, int i, int end) {
        int last = end - 1;
        String schema = last - 2 >= i ? fold(t, last - 2) : null;
        return new QualifiedName(schema, fold(t, last), t.sql.substring(t.start(i), t.end(last)));
    }

    /** One identifier token with quoting and case folding applied. */
    static String fold(TokenList t, int i) {
        String s = t.sql;
        int from = t.start(i);
        int to = t.end(i);
        if (t.type(i) == TokenList.WORD) {
            return t.dialect == Dialect.POSTGRESQL ? lowerAscii(s, from, to) : s.substring(from, to);
        }
        char quote = s.charAt(from);
        int bodyEnd = to - from >= 2 && s.charAt(to - 1) == quote ? to - 1 : to; // unterminated: no closing quote
        StringBuilder b = null;
        for (int k = from + 1; k < bodyEnd; k++) {
            char c = s.charAt(k);
            if (c == quote && k + 1 < bodyEnd && s.charAt(k + 1) == quote) {
                if (b == null) {
                    b = new StringBuilder(bodyEnd - from).append(s, from + 1, k);
                }
                b.append(quote);
                k++;
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s.substring(from + 1, bodyEnd) : b.toString();
    }

    /** PostgreSQL's downcase_identifier lowers ASCII letters only. */
    private static String lowerAscii(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.substring(from, to).toCharArray();
                for (int j = k - from; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'A' && d <= 'Z') {
                        chars[j] = (char) (d + 32);
                    }
                }
                return new String(chars);
            }
        }
        return s.substring(from, to);
    }
}
