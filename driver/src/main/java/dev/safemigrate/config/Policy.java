package dev.safemigrate.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What the driver does with an operation that breaks running application code (a drop, a rename) or
 * blocks a big table for as long as it runs (a table rewrite): see {@code safemigrate.policy.*}.
 */
public enum Policy {
    /** Run it as written (under the lock timeout) and log at WARN the risk and the expand/contract recipe. */
    WARN,
    /** Send nothing; throw an SQLException (SQLSTATE {@code SM001}) with the risk, the recipe and how to allow it. */
    REFUSE,
    /**
     * PostgreSQL: do the expand/contract recipe instead (e.g. a rename becomes a new column kept in step by a
     * trigger, the old one dropped only when the user contracts); see docs/expand-contract.md. Only for the
     * operations whose setting allows it.
     */
    EXPAND,
    /**
     * MySQL/MariaDB: an ALTER the server can only run by copying the table is done by the driver's online
     * copy instead (a shadow table kept in step by triggers, copied in chunks, compared, swapped in by one
     * atomic RENAME TABLE); see docs/online-copy.md. Only for the operations whose setting allows it.
     */
    ONLINE;

    static Policy parse(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "warn": return WARN;
            case "refuse": return REFUSE;
            default: throw new IllegalArgumentException("not a policy");
        }
    }

    /** {@link #parse} plus {@code expand}, for the operations the driver can expand. */
    static Policy parseExpandable(String v) {
        return "expand".equals(v.toLowerCase(Locale.ROOT)) ? EXPAND : parse(v);
    }

    /** {@link #parse} plus {@code online}, for MySQL/MariaDB's copying ALTERs. */
    static Policy parseCopying(String v) {
        return "online".equals(v.toLowerCase(Locale.ROOT)) ? ONLINE : parse(v);
    }

    /** {@link #parseExpandable} plus {@code online}: a column type change (expand on PostgreSQL, online on MySQL). */
    static Policy parseTypeChange(String v) {
        return "online".equals(v.toLowerCase(Locale.ROOT)) ? ONLINE : parseExpandable(v);
    }

    /** {@code builtin} (each operation's own default) is empty. */
    static Optional<Policy> parseDefault(String v) {
        if ("builtin".equals(v.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(parse(v));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
