package dev.safemigrate.sql.shape;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * PostgreSQL {@code VACUUM [FULL | FREEZE | VERBOSE | ANALYZE …] [table [(columns)] [, …]]} and {@code VACUUM
 * (option [value] [, …]) [table …]}: whether it is FULL and which tables. {@code null} when not a VACUUM.
 */
public final class Vacuum {
    private static final Function<SqlStatement, Vacuum> PARSER = s -> parse(s.tokens());

    private final Boolean full;
    private final List<QualifiedName> tables;

    private Vacuum(Boolean full, List<QualifiedName> tables) {
        this.full = full;
        this.tables = tables;
    }

    /** The statement's VACUUM shape, parsed once; {@code null} when it is not one. */
    public static Vacuum of(SqlStatement statement) {
        return statement.ddlKind() == DdlKind.VACUUM ? statement.shape(PARSER) : null;
    }

    static Vacuum parse(SqlCursor c) {
        if (!c.isWord(0, "VACUUM")) {
            return null;
        }
        int i = 1;
        Boolean full = Boolean.FALSE;
        if (c.isPunct(i, '(')) {
            int close = c.closingParen(i);
            if (close < 0) {
                return new Vacuum(null, null);
            }
            full = fullOption(c, i + 1, close);
            i = close + 1;
        } else {
            while (c.isWord(i, "FULL") || c.isWord(i, "FREEZE") || c.isWord(i, "VERBOSE") || c.isWord(i, "ANALYZE")
                    || c.isWord(i, "ANALYSE")) {
                if (c.isWord(i, "FULL")) {
                    full = Boolean.TRUE;
                }
                i++;
            }
        }
        return new Vacuum(full, tableList(c, i));
    }

    /** FULL in a parenthesised option list: TRUE, FALSE, or null when the list is not understood. */
    private static Boolean fullOption(SqlCursor c, int from, int close) {
        Boolean full = Boolean.FALSE;
        int k = from;
        while (k < close) {
            if (!c.isName(k)) {
                return null;
            }
            boolean isFull = c.isWord(k, "FULL");
            k++;
            Boolean value = Boolean.TRUE;
            if (k < close && !c.isPunct(k, ',')) {
                String v = c.text(k).toLowerCase(Locale.ROOT).replace("'", "");
                switch (v) {
                    case "true": case "on": case "1": case "yes":
                        value = Boolean.TRUE;
                        break;
                    case "false": case "off": case "0": case "no":
                        value = Boolean.FALSE;
                        break;
                    default:
                        if (isFull) {
                            return null;
                        }
                }
                k++;
            }
            if (isFull) {
                full = value;
            }
            if (k < close) {
                if (!c.isPunct(k, ',')) {
                    return null;
                }
                k++;
            }
        }
        return full;
    }

    /** {@code name [(columns)] [, …]} up to the end; empty for none, null when not understood. */
    private static List<QualifiedName> tableList(SqlCursor c, int i) {
        int end = c.sizeWithoutSemicolon();
        List<QualifiedName> names = new ArrayList<>();
        while (i < end) {
            if (!c.isName(i)) {
                return null;
            }
            names.add(c.name(i));
            i = c.nameEnd(i);
            if (c.isPunct(i, '(')) {
                i = c.closingParen(i);
                if (i < 0) {
                    return null;
                }
                i++;
            }
            if (i < end) {
                if (!c.isPunct(i, ',')) {
                    return null;
                }
                i++;
                if (i == end) {
                    return null;
                }
            }
        }
        return List.copyOf(names);
    }

    /** {@code TRUE} for VACUUM FULL, {@code FALSE} for a plain VACUUM, {@code null} when the options are not understood. */
    public Boolean full() {
        return full;
    }

    /** The tables named (empty: every table of the database), or {@code null} when the list is not understood. */
    public List<QualifiedName> tables() {
        return tables;
    }
}
