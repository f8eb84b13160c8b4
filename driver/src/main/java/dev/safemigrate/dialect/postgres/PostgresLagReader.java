package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.Reading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL replication lag, in seconds, in one round trip.
 *
 * <ul>
 *   <li>On a primary: the largest {@code replay_lag} of {@code pg_stat_replication} (physical standbys and
 *       logical subscribers; {@code pg_basebackup} senders, state {@code backup}, are not replicas). No rows:
 *       no connected replica, lag 0. A row whose {@code state} is NULL: the role may not see the replicas'
 *       details (needs {@code pg_read_all_stats}, e.g. through {@code pg_monitor}, or superuser): unreadable.
 *       A streaming replica whose {@code replay_lag} is NULL has caught up and no WAL is flowing
 *       (PostgreSQL clears the lag columns then): 0. A replica still starting or catching up with no
 *       measured lag yet: unreadable.</li>
 *   <li>On a standby ({@code pg_is_in_recovery()}): {@code now() - pg_last_xact_replay_timestamp()}, or 0
 *       when everything received has been replayed (an idle primary sends nothing, and the timestamp would
 *       otherwise grow without any lag). No transaction replayed yet: unreadable.</li>
 * </ul>
 * Replicas that are disconnected are not in {@code pg_stat_replication} and are not counted.
 */
public final class PostgresLagReader implements LagReader {

    static final String SQL =
            "SELECT r.standby, r.standby_lag, r.who, s.pid, s.application_name, s.state,"
                    + " EXTRACT(EPOCH FROM s.replay_lag)"
                    + " FROM (SELECT pg_is_in_recovery() AS standby, current_user AS who,"
                    + "        CASE WHEN NOT pg_is_in_recovery() THEN NULL"
                    + "             WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                    + "             ELSE EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())) END AS standby_lag) r"
                    + " LEFT JOIN pg_stat_replication s ON NOT r.standby AND s.state IS DISTINCT FROM 'backup'";

    /** One row of {@code pg_stat_replication}: {@code state} NULL when hidden, {@code replayLag} NULL when not measured. */
    record Replica(String name, String state, Double replayLagSeconds) {
    }

    @Override
    public Reading lagSeconds(Connection raw) throws SQLException {
        boolean standby = false;
        Double standbyLag = null;
        String role = null;
        List<Replica> replicas = new ArrayList<>();
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                standby = rs.getBoolean(1);
                double lag = rs.getDouble(2);
                standbyLag = rs.wasNull() ? null : lag;
                role = rs.getString(3);
                rs.getInt(4);
                if (rs.wasNull()) {
                    continue; // the LEFT JOIN's empty side: no replica
                }
                double replay = rs.getDouble(7);
                replicas.add(new Replica(rs.getString(5), rs.getString(6), rs.wasNull() ? null : replay));
            }
        } catch (SQLException e) {
            return Reading.fromFailure("reading pg_stat_replication", e);
        }
        return interpret(standby, standbyLag, role, replicas);
    }

    static Reading interpret(boolean standby, Double standbyLag, String role, List<Replica> replicas) {
        if (standby) {
            return standbyLag == null
                    ? Reading.unreadable("connected to a standby that has not replayed any transaction yet"
                    + " (pg_last_xact_replay_timestamp() is NULL)")
                    : Reading.of(Math.max(0, standbyLag));
        }
        double max = 0;
        for (Replica r : replicas) {
            if (r.state() == null) {
                return Reading.unreadable("pg_stat_replication hides the replicas' state and lag from role " + role
                        + ": grant it pg_monitor (or pg_read_all_stats)");
            }
            if (r.replayLagSeconds() == null) {
                if (!"streaming".equals(r.state())) {
                    return Reading.unreadable("replica '" + r.name() + "' is in state " + r.state()
                            + " and has no measured replay_lag yet");
                }
                continue; // caught up, no WAL flowing
            }
            max = Math.max(max, r.replayLagSeconds());
        }
        return Reading.of(max);
    }
}
