package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.Reading;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MySQL/MariaDB load: threads of {@code information_schema.PROCESSLIST} that are running a command, this
 * connection excluded, and so are threads that are always there without being load: idle ({@code Sleep}),
 * the event scheduler ({@code Daemon}), binlog senders to replicas, a replica's own I/O and SQL threads.
 *
 * <p>Without the {@code PROCESS} privilege a user sees only its own threads, so the count would be too low:
 * when {@code information_schema.USER_PRIVILEGES} shows no {@code PROCESS} for the current user, the load
 * is unreadable. (A {@code PROCESS} privilege held only through a role is not seen there: grant it directly.)
 */
public final class MySqlLoadReader implements LoadReader {

    static final String SQL =
            "SELECT (SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + "   WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump',"
                    + "   'Binlog Dump GTID', 'Connect', 'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Killed')),"
                    + " (SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'PROCESS'"
                    + "   AND GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
                    + "                        SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')),"
                    + " CURRENT_USER()";

    @Override
    public Reading activeSessions(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            rs.next();
            if (rs.getLong(2) == 0) {
                return Reading.unreadable("user " + rs.getString(3) + " lacks the PROCESS privilege and sees only its"
                        + " own sessions in information_schema.PROCESSLIST: grant it PROCESS");
            }
            return Reading.of(rs.getLong(1));
        } catch (SQLException e) {
            return Reading.fromFailure("reading information_schema.PROCESSLIST", e);
        }
    }
}
