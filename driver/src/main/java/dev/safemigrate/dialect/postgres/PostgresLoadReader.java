package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.Reading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL load: client backends of {@code pg_stat_activity} in state {@code active}, this session
 * excluded. A role without {@code pg_read_all_stats} (e.g. through {@code pg_monitor}) sees other roles'
 * sessions with everything but pid, role and database NULL (state and backend_type included, query
 * {@code <insufficient privilege>}): when there are any, the count would be too low, so it is unreadable.
 * With {@code track_activities = off} states read {@code disabled}: unreadable too.
 */
public final class PostgresLoadReader implements LoadReader {

    static final String SQL =
            "SELECT count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active'),"
                    + " count(*) FILTER (WHERE backend_type IS NULL AND usesysid IS NOT NULL),"
                    + " count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'disabled'),"
                    + " pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'), current_user"
                    + " FROM pg_stat_activity WHERE pid <> pg_backend_pid()";

    @Override
    public Reading activeSessions(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            rs.next();
            return interpret(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5));
        } catch (SQLException e) {
            return Reading.fromFailure("reading pg_stat_activity", e);
        }
    }

    static Reading interpret(long active, long hidden, long disabled, boolean seesAll, String role) {
        if (disabled > 0) {
            return Reading.unreadable("track_activities is off: pg_stat_activity does not show which sessions are active");
        }
        if (!seesAll && hidden > 0) {
            return Reading.unreadable("pg_stat_activity hides the state of " + hidden + " sessions of other roles from role " + role
                    + ": grant it pg_monitor (or pg_read_all_stats)");
        }
        return Reading.of(active);
    }
}
