package dev.safemigrate.sql;

/** String literals the driver writes into new SQL. */
public final class Literals {
    private Literals() {
    }

    /** A PostgreSQL string literal: {@code E''} escapes mean the same whatever standard_conforming_strings says. */
    public static String postgres(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
