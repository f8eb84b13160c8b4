package dev.safemigrate.rules.postgres;

import dev.safemigrate.sql.SqlCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which {@code ALTER COLUMN … TYPE} changes PostgreSQL makes in place, without rewriting the table:
 * the new type is binary-coercible from the old and any length/precision coercion is a no-op for
 * every existing value (PostgreSQL's {@code varchar_support}, {@code numeric_support},
 * {@code timestamp_support}, … simplify it away). Deliberately small: a change not listed here is
 * treated as a rewrite (the policy applies; the user can allow it). Public for {@code plan}, which reads the
 * types a migration history writes ({@link #parse}) to know a column's type without a database.
 *
 * <ul>
 *   <li>the same type and modifier</li>
 *   <li>{@code varchar(n)} → {@code varchar(m)}, m ≥ n; any varchar → unconstrained varchar or {@code text};
 *       {@code text} → unconstrained varchar</li>
 *   <li>{@code numeric(p,s)} → {@code numeric(q,s)}, q ≥ p; any numeric → unconstrained numeric</li>
 *   <li>{@code timestamp[tz](p)}, {@code time[tz](p)} → the same type with a larger or no precision</li>
 *   <li>{@code varbit(n)} → {@code varbit(m)}, m ≥ n, or unconstrained</li>
 * </ul>
 */
public final class TypeChange {
    /** Internal name ({@code pg_type.typname}) of the built-in type names the driver recognises. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("varchar", "varchar"), Map.entry("character varying", "varchar"),
            Map.entry("char varying", "varchar"), Map.entry("text", "text"),
            Map.entry("char", "bpchar"), Map.entry("character", "bpchar"), Map.entry("bpchar", "bpchar"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"),
            Map.entry("timestamp", "timestamp"), Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamptz", "timestamptz"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time", "time"), Map.entry("time without time zone", "time"),
            Map.entry("timetz", "timetz"), Map.entry("time with time zone", "timetz"),
            Map.entry("varbit", "varbit"), Map.entry("bit varying", "varbit"),
            Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("int4", "int4"),
            Map.entry("bigint", "int8"), Map.entry("int8", "int8"), Map.entry("smallint", "int2"),
            Map.entry("int2", "int2"), Map.entry("boolean", "bool"), Map.entry("bool", "bool"),
            Map.entry("uuid", "uuid"), Map.entry("jsonb", "jsonb"), Map.entry("json", "json"),
            Map.entry("date", "date"), Map.entry("bytea", "bytea"), Map.entry("real", "float4"),
            Map.entry("float4", "float4"), Map.entry("double precision", "float8"), Map.entry("float8", "float8"));

    /** PostgreSQL's VARHDRSZ, added to character and numeric typmods. */
    private static final int VARHDRSZ = 4;
    /** Oid of the database default collation. */
    public static final long DEFAULT_COLLATION = 100;

    /** A type as written in the statement: its internal name and typmod (-1: none). */
    public record Target(String typeName, int typmod) {
        public boolean collatable() {
            return typeName.equals("text") || typeName.equals("varchar") || typeName.equals("bpchar");
        }
    }

    private TypeChange() {
    }

    /**
     * The type written in tokens {@code [from, to)}, or {@code null} when it is not one of the built-in
     * names above (arrays, domains, quoted or other names, unusual modifiers).
     */
    public static Target parse(SqlCursor c, int from, int to) {
        List<String> words = new ArrayList<>();
        List<Integer> mods = null;
        int k = from;
        if (c.isWord(k, "PG_CATALOG") && c.isPunct(k + 1, '.')) {
            k += 2;
        }
        for (; k < to; k++) {
            if (c.isPunct(k, '(')) {
                if (mods != null) {
                    return null;
                }
                int close = c.closingParen(k);
                if (close < 0 || close >= to) {
                    return null;
                }
                mods = new ArrayList<>();
                for (int m = k + 1; m < close; m++) {
                    String text = c.text(m);
                    if (!text.chars().allMatch(Character::isDigit) || text.isEmpty() || text.length() > 9) {
                        return null;
                    }
                    mods.add(Integer.parseInt(text));
                    if (m + 1 < close && !c.isPunct(++m, ',')) {
                        return null;
                    }
                }
                if (mods.isEmpty()) {
                    return null;
                }
                k = close;
            } else if (c.isName(k) && !c.isString(k) && c.text(k).charAt(0) != '"') {
                words.add(c.text(k).toLowerCase(Locale.ROOT));
            } else {
                return null; // [], quoted names, anything else
            }
        }
        String name = NAMES.get(String.join(" ", words));
        if (name == null) {
            return null;
        }
        return new Target(name, typmod(name, mods));
    }

    /** The typmod PostgreSQL stores for {@code name(mods)}; -1 for none; {@link Integer#MIN_VALUE} when unsupported. */
    private static int typmod(String name, List<Integer> mods) {
        if (mods == null) {
            return name.equals("bpchar") ? 1 + VARHDRSZ : -1; // char means char(1)
        }
        switch (name) {
            case "varchar":
            case "bpchar":
                return mods.size() == 1 ? mods.get(0) + VARHDRSZ : Integer.MIN_VALUE;
            case "numeric":
                if (mods.size() == 1) {
                    return (mods.get(0) << 16) + VARHDRSZ;
                }
                return mods.size() == 2 ? ((mods.get(0) << 16) | (mods.get(1) & 0x7ff)) + VARHDRSZ : Integer.MIN_VALUE;
            case "timestamp":
            case "timestamptz":
            case "time":
            case "timetz":
            case "varbit":
                return mods.size() == 1 ? mods.get(0) : Integer.MIN_VALUE;
            default:
                return Integer.MIN_VALUE;
        }
    }

    /**
     * True when a column of type {@code oldType} ({@code typname}) with {@code oldTypmod} can become
     * {@code target} without a table rewrite.
     */
    static boolean inPlace(String oldType, int oldTypmod, Target target) {
        int newTypmod = target.typmod();
        if (newTypmod == Integer.MIN_VALUE) {
            return false;
        }
        String newType = target.typeName();
        if (oldType.equals(newType) && oldTypmod == newTypmod) {
            return true;
        }
        switch (oldType) {
            case "varchar":
                return newType.equals("text") || (newType.equals("varchar") && widens(oldTypmod, newTypmod));
            case "text":
                return newType.equals("varchar") && newTypmod == -1;
            case "numeric":
                if (!newType.equals("numeric")) {
                    return false;
                }
                if (newTypmod == -1) {
                    return true;
                }
                if (oldTypmod == -1) {
                    return false;
                }
                int oldPrecision = ((oldTypmod - VARHDRSZ) >> 16) & 0xffff;
                int newPrecision = ((newTypmod - VARHDRSZ) >> 16) & 0xffff;
                return ((oldTypmod - VARHDRSZ) & 0x7ff) == ((newTypmod - VARHDRSZ) & 0x7ff) && newPrecision >= oldPrecision;
            case "timestamp":
            case "timestamptz":
            case "time":
            case "timetz":
            case "varbit":
                return newType.equals(oldType) && widens(oldTypmod, newTypmod);
            default:
                return false;
        }
    }

    /** No new limit, or a limit at least as large as an existing one. */
    private static boolean widens(int oldTypmod, int newTypmod) {
        return newTypmod == -1 || (oldTypmod != -1 && newTypmod >= oldTypmod);
    }
}
