package dev.safemigrate.sql;

/**
 * Skips what MySQL/MariaDB allow between {@code CREATE} (or {@code ALTER}) and the object keyword:
 * {@code OR REPLACE}, {@code DEFINER = user}, {@code ALGORITHM = x}, {@code SQL SECURITY x},
 * {@code AGGREGATE}. mysqldump writes these, often split over several executable comments, before
 * every view, routine and trigger; both the splitter (to spot routine bodies) and the classifier
 * (to find VIEW/TRIGGER/…) need to get past them.
 */
final class MySqlCreatePrefix {
    private MySqlCreatePrefix() {}

    /** Returns the index of the first token at or after {@code i} that is not such a clause. */
    static int skip(TokenList t, int i, int limit) {
        while (i < limit) {
            if (t.isWord(i, "OR") && t.isWord(i + 1, "REPLACE")) {
                i += 2;
            } else if (t.isWord(i, "DEFINER")) {
                i = skipUser(t, t.isPunct(i + 1, '=') ? i + 2 : i + 1);
            } else if (t.isWord(i, "ALGORITHM")) {
                i = t.isPunct(i + 1, '=') ? i + 3 : i + 2;
            } else if (t.isWord(i, "SQL") && t.isWord(i + 1, "SECURITY")) {
                i += 3;
            } else if (t.isWord(i, "AGGREGATE")) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** {@code CURRENT_USER[()]}, {@code name}, {@code name@host}, {@code 'name'@'host'}, backticked forms. */
    private static int skipUser(TokenList t, int i) {
        if (t.isWord(i, "CURRENT_USER")) {
            return t.isPunct(i + 1, '(') && t.isPunct(i + 2, ')') ? i + 3 : i + 1;
        }
        if (i >= t.size()) {
            return i;
        }
        i++;
        if (t.isPunct(i, '@')) {
            return i + 2;
        }
        if (i < t.size() && t.type(i) == TokenList.VARIABLE) {
            return i + 1;
        }
        return i;
    }
}
