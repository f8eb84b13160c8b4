package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * What Liquibase's {@code DATABASECHANGELOG} says is applied, read over plan's read-only connection, so that
 * {@code plan --url} plans only the changesets {@code update} would run. A changeset is applied when a row has
 * its id and author (the file name Liquibase stores depends on how it was started, so it is not compared).
 * Changesets marked {@code runAlways} or {@code runOnChange} are not told apart: an applied one counts as applied.
 */
public final class LiquibaseHistory {
    private final String table;
    private final Set<String> applied = new HashSet<>();

    private LiquibaseHistory(String table) {
        this.table = table;
    }

    /** @param table Liquibase's {@code databaseChangeLogTableName}, in the session's schema or database */
    public static LiquibaseHistory read(Connection c, Dialect dialect, String table) throws SQLException {
        LiquibaseHistory history = new LiquibaseHistory(table);
        String quoted = HistoryTable.find(c, dialect, null, table, true);
        if (quoted == null) {
            return history;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, author FROM " + quoted);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                history.applied.add(key(rs.getString(1), rs.getString(2)));
            }
        }
        return history;
    }

    public boolean applied(String id, String author) {
        return applied.contains(key(id, author));
    }

    public String table() {
        return table;
    }

    private static String key(String id, String author) {
        return id + "\u0000" + author;
    }
}
