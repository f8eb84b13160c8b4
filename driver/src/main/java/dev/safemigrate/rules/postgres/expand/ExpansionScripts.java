package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

/** SQL pieces every kind of expansion's scripts share. */
final class ExpansionScripts {
    private ExpansionScripts() {
    }

    /** Drop the expansion's triggers and then their function (each IF EXISTS: a re-run finds them gone). */
    static String dropTriggers(String table, String function, String... triggers) {
        StringBuilder s = new StringBuilder();
        for (String t : triggers) {
            s.append("DROP TRIGGER IF EXISTS ").append(Identifiers.quote(Dialect.POSTGRESQL, t)).append(" ON ")
                    .append(table).append(";\n");
        }
        return s.append("DROP FUNCTION IF EXISTS ").append(function).append("()").toString();
    }
}
