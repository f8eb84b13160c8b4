package dev.safemigrate.dialect.mysql;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.rules.mysql.BreakingChangeRule;
import dev.safemigrate.rules.mysql.OnlineDdlRule;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.LagReader;
import dev.safemigrate.dialect.LoadReader;
import dev.safemigrate.dialect.FailureKind;
import dev.safemigrate.dialect.SqlErrors;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * MySQL and MariaDB: {@code lock_wait_timeout} (metadata locks) and {@code innodb_lock_wait_timeout}
 * (row locks), vendor error codes, blocker lookup from performance_schema or InnoDB's transaction list.
 */
public final class MySqlSupport implements DatabaseSupport {
    private static final Logger log = LoggerFactory.getLogger(MySqlSupport.class);
    private static final AtomicBoolean warnedStatementTimeout = new AtomicBoolean();

    /** ER_LOCK_WAIT_TIMEOUT: row locks and metadata locks alike. Connector/J maps it to 40001: use the code. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    static final int LOCK_DEADLOCK = 1213;
    /**
     * ER_ALTER_OPERATION_NOT_SUPPORTED ("ALGORITHM=INPLACE is not supported for this operation. Try …"),
     * _REASON ("… Reason: …"), _REASON_COPY: the operation cannot run with the ALGORITHM/LOCK asked for;
     * nothing was changed. Classified by code: their SQLSTATE 0A000 is shared with other errors.
     */
    static final int ALTER_NOT_SUPPORTED = 1845;
    static final int ALTER_NOT_SUPPORTED_REASON = 1846;
    static final int ALTER_NOT_SUPPORTED_REASON_COPY = 1847;

    private static final RuleSet RULES = new RuleSet(List.of(new BreakingChangeRule(), new OnlineDdlRule()));

    /**
     * Fallback where the server shows no metadata locks (MariaDB's default): sessions with an open InnoDB
     * transaction. A transaction that has touched the table holds its metadata lock until it ends,
     * so these are the likely blockers, oldest first.
     */
    private static final String OPEN_TRANSACTIONS_SQL =
            "SELECT p.ID, p.USER, NULL, p.COMMAND,"
                    + " TIMESTAMPDIFF(MICROSECOND, trx.trx_started, NOW(6)) / 1000000, p.INFO, NULL"
                    + " FROM information_schema.INNODB_TRX trx"
                    + " JOIN information_schema.PROCESSLIST p ON p.ID = trx.trx_mysql_thread_id"
                    + " WHERE p.ID <> CONNECTION_ID()"
                    + " ORDER BY trx.trx_started LIMIT 10";

    private final MySqlServer server;
    private final boolean mariadb;
    private final MetadataLockHolders metadataLocks = new MetadataLockHolders();

    /** For a connected server: family and version from its metadata ({@link MySqlServer#of}). */
    public MySqlSupport(MySqlServer server) {
        this.server = server;
        this.mariadb = server.mariadb();
    }

    /** For planning without a server: the family by name ({@code MariaDB} or {@code MySQL}), version unknown. */
    public MySqlSupport(String productName) {
        this(MySqlServer.of(productName, null));
    }

    private static final BatchSupport BATCH = new MySqlBatchSupport();

    @Override
    public BatchSupport batchSupport() {
        return BATCH;
    }

    @Override
    public Dialect dialect() {
        return Dialect.MYSQL;
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    /** The server's own SQLSTATE (Connector/J and MariaDB Connector/J differ), kept with its error code. */
    @Override
    public String giveUpSqlState(SQLException failure) {
        return failure.getSQLState();
    }

    @Override
    public String terminateHint(BlockingSession blocker) {
        return "KILL " + blocker.id();
    }

    @Override
    public FailureKind classify(SQLException e) {
        if (SqlErrors.hasErrorCode(e, LOCK_WAIT_TIMEOUT)) {
            return FailureKind.LOCK_TIMEOUT;
        }
        if (SqlErrors.hasErrorCode(e, LOCK_DEADLOCK)) {
            return FailureKind.DEADLOCK;
        }
        return FailureKind.OTHER;
    }

    @Override
    public boolean algorithmNotSupported(SQLException e) {
        return SqlErrors.hasErrorCode(e, ALTER_NOT_SUPPORTED) || SqlErrors.hasErrorCode(e, ALTER_NOT_SUPPORTED_REASON)
                || SqlErrors.hasErrorCode(e, ALTER_NOT_SUPPORTED_REASON_COPY);
    }

    @Override
    public RuleSet rules() {
        return RULES;
    }

    @Override
    public Catalog newCatalog(Connection raw, Settings settings) {
        return new MySqlCatalog(raw, server.versionKnown() ? server : null);
    }

    @Override
    public Duration shortestLockTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public TimeoutScope applyDdlTimeouts(Connection raw, boolean transactionLocal, Settings settings,
                                         Duration lockTimeout) throws SQLException {
        // Both servers count these timeouts in whole seconds, minimum 1: round up.
        long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
        boolean withStatementTimeout = !settings.ddlStatementTimeout().isZero();
        if (withStatementTimeout && !mariadb && warnedStatementTimeout.compareAndSet(false, true)) {
            log.warn("safemigrate.ddlStatementTimeout is ignored on MySQL: its max_execution_time applies to SELECT only");
        }
        boolean setStatementTimeout = withStatementTimeout && mariadb;
        long oldLock;
        long oldInnodb;
        double oldStatement = 0;
        String read = "SELECT @@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout"
                + (setStatementTimeout ? ", @@SESSION.max_statement_time" : "");
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(read)) {
            rs.next();
            oldLock = rs.getLong(1);
            oldInnodb = rs.getLong(2);
            if (setStatementTimeout) {
                oldStatement = rs.getDouble(3);
            }
        }
        double newStatement = settings.ddlStatementTimeout().toMillis() / 1000.0;
        set(raw, seconds, seconds, setStatementTimeout, newStatement);
        final double restoreStatement = oldStatement;
        return () -> set(raw, oldLock, oldInnodb, setStatementTimeout, restoreStatement);
    }

    private static void set(Connection raw, long lock, long innodb, boolean statementTimeout, double statementSeconds)
            throws SQLException {
        // Numbers we read or computed ourselves: formatting them into the SQL is safe.
        String sql = "SET SESSION lock_wait_timeout = " + lock + ", innodb_lock_wait_timeout = " + innodb
                + (statementTimeout ? ", max_statement_time = " + String.format(Locale.ROOT, "%.3f", statementSeconds) : "");
        try (Statement st = raw.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public List<BlockingSession> findBlockers(Connection raw, SqlStatement ddl) {
        QualifiedName table = ddl.target();
        if (table != null) {
            List<BlockingSession> holders = metadataLocks.find(raw, table, false);
            if (holders != null && !holders.isEmpty()) {
                return holders;
            }
        }
        List<BlockingSession> open = query(raw, OPEN_TRANSACTIONS_SQL);
        return open == null ? List.of() : open;
    }

    /**
     * Metadata-lock holders only (no guess from open transactions), with a transaction older than {@code olderThan}.
     * Every holder counts, whatever its lock: each DDL takes the exclusive metadata lock at some point.
     */
    @Override
    public List<BlockingSession> longLockHolders(Connection raw, SqlStatement ddl, Duration olderThan) {
        QualifiedName table = ddl.target();
        if (table == null) {
            return List.of();
        }
        List<BlockingSession> holders = metadataLocks.find(raw, table, true);
        if (holders == null) {
            return List.of();
        }
        // olderThan zero (this server's attempts take whole seconds): every holder counts, its age known or not
        return holders.stream().filter(h -> olderThan.isZero()
                || (h.transactionAge() != null && h.transactionAge().compareTo(olderThan) > 0)).toList();
    }

    /** Returns {@code null} when the query cannot run here (e.g. performance_schema is off). */
    private static List<BlockingSession> query(Connection raw, String sql, String... params) {
        List<BlockingSession> result = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                result.addAll(BlockingSession.readAll(rs, Dialect.MYSQL));
            }
            return result;
        } catch (SQLException e) {
            log.debug("Blocker lookup not available here: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public List<String> blockingLocksHeld(Connection raw, Collection<QualifiedName> createdInTransaction) {
        // DDL commits the open transaction before it runs: nothing is held while it waits.
        return List.of();
    }

    private static final MySqlLagReader LAG = new MySqlLagReader();
    private static final MySqlLoadReader LOAD = new MySqlLoadReader();

    @Override
    public LagReader lagReader() {
        return LAG;
    }

    @Override
    public LoadReader loadReader() {
        return LOAD;
    }
}
