package dev.safemigrate.sql;

import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * Hides, in SQL text bound for a log line or an error message, the literals that may be secrets. Two cases:
 *
 * <ul>
 *   <li>a statement that sets a credential ({@code CREATE USER … PASSWORD '…'}, {@code ALTER USER … IDENTIFIED BY
 *   '…'}, {@code CREATE SERVER … OPTIONS (password '…')}, {@code CREATE SUBSCRIPTION … CONNECTION '…'},
 *   {@code CHANGE MASTER TO MASTER_PASSWORD = '…'}): every string literal in it is shown as {@code '***'}, as the
 *   servers' own logs do. The driver runs such statements as DDL (lock timeout, dry-run lines), so it names them
 *   in its logs;</li>
 *   <li>another session's query, which the driver shows when that session blocks a DDL: every literal (string
 *   and number) is shown as {@code ?}. Under MySQL Connector/J's client-side prepared statements the server sees
 *   the application's bind values as literals; they are not the driver's to log.</li>
 * </ul>
 *
 * A statement's text is read as both dialects and a literal of either reading is masked: a log line does not
 * always know which server the text is for, and masking too much is the safe side.
 */
public final class LogMasking {
    /** Words after which a literal can be a credential; none of them in the text = nothing to mask (the fast path). */
    private static final Pattern SECRET_WORDS = Pattern.compile("(?i)PASSWORD|IDENTIFIED|CONNECTION|OPTIONS|SECRET");

    private LogMasking() {
    }

    /** {@code sql} with every string literal shown as {@code '***'} when it may set a credential; else unchanged. */
    public static String secretsMasked(String sql) {
        if (sql == null || !SECRET_WORDS.matcher(sql).find()) {
            return sql;
        }
        return masked(sql, false, "'***'", Dialect.values());
    }

    /**
     * {@code sql}, another session's query on a {@code dialect} server, with every string and number literal shown
     * as {@code ?}.
     */
    public static String literalsMasked(String sql, Dialect dialect) {
        if (sql == null) {
            return null;
        }
        return masked(sql, true, "?", dialect);
    }

    private static String masked(String sql, boolean numbers, String replacement, Dialect... readings) {
        BitSet hidden = new BitSet(sql.length());
        for (Dialect reading : readings) {
            markLiterals(SqlLexer.lex(sql, reading), numbers, hidden);
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            if (!hidden.get(i)) {
                out.append(sql.charAt(i++));
                continue;
            }
            out.append(replacement);
            i = hidden.nextClearBit(i);
        }
        return out.toString();
    }

    private static void markLiterals(TokenList tokens, boolean numbers, BitSet hidden) {
        for (int t = 0; t < tokens.size(); t++) {
            byte type = tokens.type(t);
            if (type == TokenList.STRING || (numbers && type == TokenList.NUMBER)) {
                hidden.set(tokens.start(t), tokens.end(t));
            }
        }
    }
}
