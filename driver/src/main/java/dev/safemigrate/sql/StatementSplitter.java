package dev.safemigrate.sql;

/**
 * Finds where each statement ends: the first {@code ;} token outside parentheses and outside a
 * routine body. Parentheses matter because PostgreSQL rules ({@code CREATE RULE … DO (a; b)}) put
 * semicolons inside them, as pgjdbc's own splitter also assumes. Routine bodies matter because
 * {@code BEGIN … END} blocks contain semicolons that do not end the statement.
 */
final class StatementSplitter {
    private static final String[] MYSQL_ROUTINES = {"PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"};
    private static final String[] MYSQL_END_SUFFIX = {"IF", "CASE", "LOOP", "WHILE", "REPEAT"};
    /** Tokens after which a MySQL compound body starts a new statement, so {@code IF} is the IF statement. */
    private static final String[] MYSQL_STATEMENT_START = {"BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT", "ROW"};

    private enum Body {
        NONE,
        /** PostgreSQL CREATE FUNCTION/PROCEDURE: {@code BEGIN ATOMIC … END}, CASE … END nests. */
        POSTGRES_ATOMIC,
        /** MySQL routine, trigger or event, or MariaDB {@code BEGIN NOT ATOMIC}. */
        MYSQL_COMPOUND
    }

    private StatementSplitter() {}

    /**
     * Index of the {@code ;} token ending the statement that starts at token {@code from}, or
     * {@code tokens.size()} when it runs to the end of the input.
     */
    static int statementEnd(TokenList t, int from) {
        Body body = bodyKind(t, from);
        int n = t.size();
        int parens = 0;
        int blocks = 0;
        boolean afterEnd = false;
        for (int i = from; i < n; i++) {
            byte type = t.type(i);
            if (type == TokenList.PUNCT) {
                char c = t.sql.charAt(t.start(i));
                if (c == ';') {
                    if (parens == 0 && blocks == 0) {
                        return i;
                    }
                } else if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0) {
                    parens--;
                }
                afterEnd = false;
                continue;
            }
            if (body == Body.NONE || parens > 0 || type != TokenList.WORD) {
                afterEnd = false;
                continue;
            }
            if (body == Body.POSTGRES_ATOMIC) {
                // psql's heuristic (psqlscan.l): count BEGIN, CASE inside a body, END; unlike psql we
                // require BEGIN ATOMIC (the only block a standard body has), as begin is a legal
                // unquoted function or parameter name
                if (t.isWord(i, "BEGIN") && t.isWord(i + 1, "ATOMIC")) {
                    blocks++;
                } else if (t.isWord(i, "CASE") && blocks > 0) {
                    blocks++;
                } else if (t.isWord(i, "END") && blocks > 0) {
                    blocks--;
                }
                continue;
            }
            if (afterEnd) {
                afterEnd = false;
                if (t.isAnyWord(i, MYSQL_END_SUFFIX)) {
                    continue; // END IF, END CASE, END LOOP …: already counted at END
                }
            }
            if (t.isWord(i, "END")) {
                if (blocks > 0) {
                    blocks--;
                }
                afterEnd = true;
            } else if (t.isWord(i, "BEGIN") || t.isWord(i, "CASE") || t.isWord(i, "LOOP") || t.isWord(i, "WHILE")) {
                blocks++;
            } else if (t.isWord(i, "REPEAT")) {
                if (!t.isPunct(i + 1, '(')) { // REPEAT(str, n) is a function
                    blocks++;
                }
            } else if (t.isWord(i, "IF") && opensIfStatement(t, i, from)) {
                blocks++;
            }
        }
        return n;
    }

    /**
     * In a MySQL compound body, tells the IF statement ({@code IF c THEN … END IF}) from the IF()
     * function ({@code IF(c, a, b)}) and from DDL's {@code IF [NOT] EXISTS}.
     */
    private static boolean opensIfStatement(TokenList t, int i, int from) {
        int prev = i - 1;
        boolean atStatementStart = prev < from || t.isPunct(prev, ';') || t.isAnyWord(prev, MYSQL_STATEMENT_START);
        if (atStatementStart) {
            return true;
        }
        if (t.isWord(i + 1, "EXISTS") || (t.isWord(i + 1, "NOT") && t.isWord(i + 2, "EXISTS"))) {
            return false; // DROP TABLE IF EXISTS, CREATE TABLE IF NOT EXISTS
        }
        if (t.isPunct(i + 1, '(')) {
            // IF(a, b, c) has a comma at the top level of its parentheses; IF (a > b) THEN has not
            int depth = 0;
            for (int j = i + 1; j < t.size(); j++) {
                if (t.isPunct(j, '(')) {
                    depth++;
                } else if (t.isPunct(j, ')')) {
                    if (--depth == 0) {
                        return true;
                    }
                } else if (depth == 1 && t.isPunct(j, ',')) {
                    return false;
                } else if (t.isPunct(j, ';')) {
                    return false;
                }
            }
            return false;
        }
        return true;
    }

    private static Body bodyKind(TokenList t, int from) {
        if (t.dialect == Dialect.POSTGRESQL) {
            if (!t.isWord(from, "CREATE")) {
                return Body.NONE;
            }
            int i = from + 1;
            if (t.isWord(i, "OR") && t.isWord(i + 1, "REPLACE")) {
                i += 2;
            }
            return t.isWord(i, "FUNCTION") || t.isWord(i, "PROCEDURE") ? Body.POSTGRES_ATOMIC : Body.NONE;
        }
        if (t.isWord(from, "BEGIN") && t.isWord(from + 1, "NOT") && t.isWord(from + 2, "ATOMIC")) {
            return Body.MYSQL_COMPOUND;
        }
        if (!t.isWord(from, "CREATE")) {
            return Body.NONE;
        }
        int i = MySqlCreatePrefix.skip(t, from + 1, t.size());
        return t.isAnyWord(i, MYSQL_ROUTINES) ? Body.MYSQL_COMPOUND : Body.NONE;
    }
}
