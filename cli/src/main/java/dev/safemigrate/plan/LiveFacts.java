package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts of the live session that Flyway's built-in placeholders stand for. */
public final class LiveFacts {
    private LiveFacts() {
    }

    /** {@code flyway:defaultSchema}, {@code flyway:user} and {@code flyway:database} as Flyway would fill them. */
    public static Map<String, String> flywayPlaceholders(Connection c, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL ? "SELECT current_schema(), current_user, current_database()"
                : "SELECT DATABASE(), SUBSTRING_INDEX(CURRENT_USER(), '@', 1), DATABASE()";
        Map<String, String> facts = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                put(facts, "flyway:defaultSchema", rs.getString(1));
                put(facts, "flyway:user", rs.getString(2));
                put(facts, "flyway:database", rs.getString(3));
            }
        }
        return facts;
    }

    private static void put(Map<String, String> facts, String name, String value) {
        if (value != null) {
            facts.put(name, value);
        }
    }
}
