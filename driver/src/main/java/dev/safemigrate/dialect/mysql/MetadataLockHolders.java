package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sessions holding a metadata lock on a table, from whichever view the server offers:
 * {@code performance_schema.metadata_locks} (MySQL 8 by default; MariaDB only with performance_schema and its
 * {@code wait/lock/metadata/sql/mdl} instrument on) or MariaDB's {@code METADATA_LOCK_INFO} plugin
 * ({@code INSTALL SONAME 'metadata_lock_info'}). Which one is found at first use, once per connection. A
 * transaction's age comes from InnoDB's transaction list, else from how long the lock has been held.
 */
final class MetadataLockHolders {
    private static final Logger log = LoggerFactory.getLogger(MetadataLockHolders.class);
    private static final AtomicBoolean warnedNoSource = new AtomicBoolean();

    /** Where the server shows its metadata locks. */
    enum Source {
        PERFORMANCE_SCHEMA("SELECT t.PROCESSLIST_ID, t.PROCESSLIST_USER, NULL, t.PROCESSLIST_COMMAND,"
                + " COALESCE(TIMESTAMPDIFF(MICROSECOND, trx.trx_started, NOW(6)) / 1000000, t.PROCESSLIST_TIME),"
                + " t.PROCESSLIST_INFO, m.LOCK_TYPE"
                + " FROM performance_schema.metadata_locks m"
                + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
                + " LEFT JOIN information_schema.INNODB_TRX trx ON trx.trx_mysql_thread_id = t.PROCESSLIST_ID"
                + " WHERE m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA = COALESCE(?, DATABASE())"
                + " AND m.OBJECT_NAME = ? AND m.LOCK_STATUS = 'GRANTED'"
                + " AND t.PROCESSLIST_ID <> CONNECTION_ID()"
                + " ORDER BY trx.trx_started LIMIT 10"),
        METADATA_LOCK_INFO("SELECT p.ID, p.USER, NULL, p.COMMAND,"
                + " COALESCE(TIMESTAMPDIFF(MICROSECOND, trx.trx_started, NOW(6)) / 1000000, m.LOCK_TIME_MS / 1000),"
                + " p.INFO, m.LOCK_MODE"
                + " FROM information_schema.METADATA_LOCK_INFO m"
                + " JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID"
                + " LEFT JOIN information_schema.INNODB_TRX trx ON trx.trx_mysql_thread_id = p.ID"
                + " WHERE m.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND m.TABLE_NAME = ?"
                + " AND p.ID <> CONNECTION_ID()"
                + " ORDER BY trx.trx_started LIMIT 10"),
        NONE(null);

        private final String holdersSql;

        Source(String holdersSql) {
            this.holdersSql = holdersSql;
        }
    }

    private static final String FIND_SOURCE_SQL =
            "SELECT CASE WHEN @@performance_schema = 1 AND EXISTS (SELECT 1 FROM performance_schema.setup_instruments"
                    + "          WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES') THEN 'PERFORMANCE_SCHEMA'"
                    + " WHEN EXISTS (SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO'"
                    + "          AND PLUGIN_STATUS = 'ACTIVE') THEN 'METADATA_LOCK_INFO' ELSE 'NONE' END";

    private volatile Source source;

    /** Which view this connection's server offers; {@link Source#NONE} when neither (or the lookup fails). */
    Source source(Connection raw) {
        Source s = source;
        if (s == null) {
            s = findSource(raw);
            source = s;
        }
        return s;
    }

    private static Source findSource(Connection raw) {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(FIND_SOURCE_SQL)) {
            return rs.next() ? Source.valueOf(rs.getString(1)) : Source.NONE;
        } catch (SQLException e) {
            log.debug("Could not tell where the server shows metadata locks: {}", e.getMessage());
            return Source.NONE;
        }
    }

    /**
     * The holders of a granted metadata lock on the table, oldest transaction first; {@code null} when the server
     * shows no metadata locks. The first such answer is logged once (as a warning when {@code forWaiting}: waiting
     * before an attempt cannot see anyone there).
     */
    List<BlockingSession> find(Connection raw, QualifiedName table, boolean forWaiting) {
        Source s = source(raw);
        if (s == Source.NONE) {
            if (forWaiting && warnedNoSource.compareAndSet(false, true)) {
                log.warn("safemigrate.preWait cannot see who holds a table's metadata lock on this server:"
                        + " performance_schema (with its wait/lock/metadata/sql/mdl instrument) is off and MariaDB's"
                        + " METADATA_LOCK_INFO plugin is not installed. Each attempt queues under its lock timeout"
                        + " instead. Start the server with performance_schema=ON, or run"
                        + " INSTALL SONAME 'metadata_lock_info' (MariaDB).");
            }
            return null;
        }
        try (PreparedStatement ps = raw.prepareStatement(s.holdersSql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return BlockingSession.readAll(rs, Dialect.MYSQL);
            }
        } catch (SQLException e) {
            log.debug("Metadata lock lookup failed: {}", e.getMessage());
            return null;
        }
    }
}
