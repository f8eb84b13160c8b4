package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.Reading;
import dev.safemigrate.dialect.SqlErrors;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL/MariaDB replication lag: {@code Seconds_Behind_Source} ({@code Seconds_Behind_Master}) of
 * {@code SHOW REPLICA STATUS} (MySQL 8.0.22+, MariaDB 10.5.1+), or {@code SHOW SLAVE STATUS} where that
 * syntax is unknown; the largest over replication channels.
 *
 * <p>This only measures anything when the batching connection is itself on a replica. On a primary (or a
 * server without replication) the statement returns no rows, and neither MySQL nor MariaDB shows the
 * replicas' lag from the primary in SQL: the lag is then <em>unreadable</em>, so with {@code batch.maxLag}
 * or {@code batch.criticalLag} set the batching pauses (and aborts after {@code batch.abortAfter}) instead
 * of pretending the lag is 0. Leave both off on MySQL/MariaDB primaries.
 */
public final class MySqlLagReader implements LagReader {

    /** ER_PARSE_ERROR: the server does not know SHOW REPLICA STATUS. */
    static final int PARSE_ERROR = 1064;
    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: REPLICATION CLIENT / REPLICA MONITOR missing. */
    static final int ACCESS_DENIED = 1227;

    static final String NOT_A_REPLICA = "this MySQL/MariaDB server is not a replica (SHOW REPLICA STATUS returned no"
            + " rows) and a primary does not show its replicas' lag: leave safemigrate.batch.maxLag and"
            + " safemigrate.batch.criticalLag off on a primary";

    @Override
    public Reading lagSeconds(Connection raw) throws SQLException {
        List<Long> behind;
        try {
            try {
                behind = secondsBehind(raw, "SHOW REPLICA STATUS");
            } catch (SQLException e) {
                if (!SqlErrors.hasErrorCode(e, PARSE_ERROR)) {
                    throw e;
                }
                behind = secondsBehind(raw, "SHOW SLAVE STATUS");
            }
        } catch (SQLException e) {
            if (SqlErrors.hasErrorCode(e, ACCESS_DENIED)) {
                return Reading.unreadable("reading the replica status needs the REPLICATION CLIENT privilege"
                        + " (MariaDB 10.5+: REPLICA MONITOR): " + e.getMessage());
            }
            return Reading.fromFailure("SHOW REPLICA STATUS", e);
        }
        return interpret(behind);
    }

    /** One entry per replication channel; {@code null} where replication is not running. */
    private static List<Long> secondsBehind(Connection raw, String sql) throws SQLException {
        List<Long> result = new ArrayList<>();
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int column = column(rs.getMetaData());
            while (rs.next()) {
                long v = rs.getLong(column);
                result.add(rs.wasNull() ? null : v);
            }
        }
        return result;
    }

    private static int column(ResultSetMetaData md) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (label.equals("seconds_behind_source") || label.equals("seconds_behind_master")) {
                return i;
            }
        }
        throw new SQLException("replica status has no Seconds_Behind_Source/Seconds_Behind_Master column");
    }

    static Reading interpret(List<Long> secondsBehind) {
        if (secondsBehind.isEmpty()) {
            return Reading.unreadable(NOT_A_REPLICA);
        }
        long max = 0;
        for (Long s : secondsBehind) {
            if (s == null) {
                return Reading.unreadable("replication is not running on this replica (Seconds_Behind_Source is NULL)");
            }
            max = Math.max(max, s);
        }
        return Reading.of(max);
    }
}
