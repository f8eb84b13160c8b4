package dev.safemigrate.dialect.postgres;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.BatchSupport;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.ConcurrentWaitGuard;
import dev.safemigrate.dialect.SideConnections;
import org.postgresql.PGConnection;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.rules.postgres.expand.AlterColumnTypeExpansionRule;
import dev.safemigrate.rules.postgres.expand.DropColumnExpansionRule;
import dev.safemigrate.rules.postgres.expand.ExpansionEndRule;
import dev.safemigrate.rules.postgres.expand.RenameColumnExpansionRule;
import dev.safemigrate.rules.postgres.expand.RenameTableExpansionRule;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.postgres.CheckConstraintRule;
import dev.safemigrate.rules.postgres.CreateIndexRule;
import dev.safemigrate.rules.postgres.DropIndexRule;
import dev.safemigrate.rules.postgres.ForeignKeyRule;
import dev.safemigrate.rules.postgres.PolicyRules;
import dev.safemigrate.rules.postgres.PrimaryKeyRule;
import dev.safemigrate.rules.postgres.RefreshMaterializedViewRule;
import dev.safemigrate.rules.postgres.ReindexRule;
import dev.safemigrate.rules.postgres.SetNotNullRule;
import dev.safemigrate.rules.postgres.UniqueConstraintRule;
import dev.safemigrate.rules.postgres.VolatileDefaultBackfillRule;
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

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** PostgreSQL: {@code lock_timeout} via {@code set_config}, SQLSTATEs, {@code pg_locks} lookups. */
public final class PostgresSupport implements DatabaseSupport {
    private static final Logger log = LoggerFactory.getLogger(PostgresSupport.class);

    /** lock_not_available; pgjdbc's PSQLState has no constant for it. */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String DEADLOCK_DETECTED = "40P01";

    /**
     * Sessions holding any granted lock on the statement's table (or on the table of the index it
     * names). Every lock mode conflicts with the ACCESS EXCLUSIVE most DDL needs; for weaker DDL
     * locks this may list a session that did not block, which is why messages say "holding".
     */
    private static final String BLOCKERS_SQL =
            "SELECT a.pid, a.usename, a.application_name, a.state,"
                    + " EXTRACT(EPOCH FROM (clock_timestamp() - a.xact_start)) AS xact_seconds, a.query, l.mode"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()"
                    + " AND l.relation IN (SELECT to_regclass(?)::oid UNION SELECT i.indrelid FROM pg_index i"
                    + "                    WHERE i.indexrelid = to_regclass(?))"
                    + " ORDER BY a.xact_start NULLS LAST LIMIT 10";

    /**
     * {@link #BLOCKERS_SQL} for waiting before an attempt: client backends only (autovacuum gives way by itself
     * once a DDL queues; waiting for it could take as long as the vacuum), with a transaction open longer than
     * the given seconds, holding a lock that conflicts with the statement's ({@link PostgresLockMode}).
     */
    private static final String LONG_HOLDERS_SQL =
            "SELECT DISTINCT ON (a.pid) a.pid, a.usename, a.application_name, a.state,"
                    + " EXTRACT(EPOCH FROM (clock_timestamp() - a.xact_start)), a.query, l.mode"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()"
                    + " AND a.backend_type = 'client backend'"
                    + " AND l.relation IN (SELECT to_regclass(?)::oid UNION SELECT i.indrelid FROM pg_index i"
                    + "                    WHERE i.indexrelid = to_regclass(?))"
                    + " AND EXTRACT(EPOCH FROM (clock_timestamp() - a.xact_start)) > ?"
                    + " AND l.mode = ANY (string_to_array(?, ','))"
                    + " ORDER BY a.pid LIMIT 10";

    /**
     * Relation locks this backend holds that conflict with other sessions' reads (ACCESS EXCLUSIVE)
     * or writes (SHARE and stronger), plus ROW EXCLUSIVE: a transaction that wrote rows holds row
     * locks that block other writers of those rows. Relations created in this transaction (and
     * their indexes, TOAST tables and owned sequences) are invisible to others and are excluded.
     */
    private static final String HELD_LOCKS_SQL =
            "WITH created AS (SELECT to_regclass(x)::oid AS oid FROM unnest(?::text[]) AS x),"
                    + " created_all AS ("
                    + "   SELECT oid FROM created WHERE oid IS NOT NULL"
                    + "   UNION SELECT i.indexrelid FROM pg_index i JOIN created c ON i.indrelid = c.oid"
                    + "   UNION SELECT t.reltoastrelid FROM pg_class t JOIN created c ON t.oid = c.oid"
                    + "   UNION SELECT d.objid FROM pg_depend d JOIN created c ON d.refobjid = c.oid"
                    + "         WHERE d.classid = 'pg_class'::regclass)"
                    + " SELECT n.nspname, c.relname, l.mode"
                    + " FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
                    + " AND l.mode IN ('RowExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',"
                    + "                'AccessExclusiveLock')"
                    + " AND c.relpersistence <> 't'"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                    + " AND c.oid NOT IN (SELECT oid FROM created_all WHERE oid IS NOT NULL)"
                    + " ORDER BY n.nspname, c.relname";

    private static final BatchSupport BATCH = new PostgresBatchSupport();

    @Override
    public BatchSupport batchSupport() {
        return BATCH;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public FailureKind classify(SQLException e) {
        if (SqlErrors.hasSqlState(e, LOCK_NOT_AVAILABLE)) {
            return FailureKind.LOCK_TIMEOUT;
        }
        if (SqlErrors.hasSqlState(e, DEADLOCK_DETECTED)) {
            return FailureKind.DEADLOCK;
        }
        return FailureKind.OTHER;
    }

    /** Always lock_not_available, whatever ended the last attempt (a deadlock, say). */
    @Override
    public String giveUpSqlState(SQLException failure) {
        return LOCK_NOT_AVAILABLE;
    }

    @Override
    public String terminateHint(BlockingSession blocker) {
        return "SELECT pg_terminate_backend(" + blocker.id() + ")";
    }

    @Override
    public TimeoutScope applyDdlTimeouts(Connection raw, boolean transactionLocal, Settings settings,
                                         Duration lockTimeout) throws SQLException {
        boolean withStatementTimeout = !settings.ddlStatementTimeout().isZero();
        String oldLock;
        String oldStatement;
        try (Statement st = raw.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")) {
            rs.next();
            oldLock = rs.getString(1);
            oldStatement = rs.getString(2);
        }
        String newLock = Math.max(1, lockTimeout.toMillis()) + "ms";
        String newStatement = withStatementTimeout ? settings.ddlStatementTimeout().toMillis() + "ms" : oldStatement;
        setTimeouts(raw, transactionLocal, newLock, newStatement);
        return () -> setTimeouts(raw, transactionLocal, oldLock, oldStatement);
    }

    private static void setTimeouts(Connection raw, boolean local, String lockTimeout, String statementTimeout)
            throws SQLException {
        // set_config(…, true) is SET LOCAL: a rollback of the transaction or savepoint undoes it.
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)")) {
            ps.setString(1, lockTimeout);
            ps.setBoolean(2, local);
            ps.setString(3, statementTimeout);
            ps.setBoolean(4, local);
            ps.executeQuery().close();
        }
    }

    private static final RuleSet RULES = new RuleSet(List.of(
            // The volatile-default backfill first (it replaces a statement the policy would otherwise refuse),
            // then policies (a refused statement must not be rewritten), then the rewrite families.
            // The end of an expansion and the expansion itself before the policies too: they replace a DROP
            // COLUMN or RENAME COLUMN the policies would warn about or refuse.
            new VolatileDefaultBackfillRule(), new ExpansionEndRule(), new RenameColumnExpansionRule(),
            new AlterColumnTypeExpansionRule(), new DropColumnExpansionRule(), new RenameTableExpansionRule(),
            new PolicyRules(),
            new CreateIndexRule(), new DropIndexRule(), new ReindexRule(),
            new ForeignKeyRule(), new CheckConstraintRule(), new SetNotNullRule(),
            new UniqueConstraintRule(), new PrimaryKeyRule(), new RefreshMaterializedViewRule()));

    @Override
    public RuleSet rules() {
        return RULES;
    }

    @Override
    public String resolve(Step.Deferred deferred, Connection raw) throws SQLException {
        if (deferred instanceof Step.ValidateAddedConstraint validate) {
            return AddedConstraintLookup.validateSql(validate, raw);
        }
        return DatabaseSupport.super.resolve(deferred, raw);
    }

    @Override
    public void sessionOpened(Connection raw) {
        Integer pid = backendPid(raw);
        if (pid != null) {
            OwnSessions.opened(OwnSessions.of(raw, pid), raw);
        }
    }

    @Override
    public void sessionClosed(Connection raw) {
        Integer pid = backendPid(raw);
        if (pid != null) {
            OwnSessions.closed(OwnSessions.of(raw, pid));
        }
    }

    @Override
    public ConcurrentWaitGuard guardConcurrentStep(Connection raw, SideConnections side) {
        Integer pid = backendPid(raw);
        return pid == null ? ConcurrentWaitGuard.NONE
                : new OwnSessionWaitGuard(pid, OwnSessions.of(raw, pid).server(), side);
    }

    /** pgjdbc knows its backend pid without a round trip; {@code null} for another driver. */
    private static Integer backendPid(Connection raw) {
        try {
            return raw.isWrapperFor(PGConnection.class) ? raw.unwrap(PGConnection.class).getBackendPID() : null;
        } catch (SQLException | LinkageError e) {
            return null;
        }
    }

    @Override
    public Catalog newCatalog(Connection raw, Settings settings) {
        return new PostgresCatalog(raw, settings.rewriteMinRows(), settings.expandStateTable());
    }

    @Override
    public List<BlockingSession> longLockHolders(Connection raw, SqlStatement ddl, Duration olderThan) {
        QualifiedName table = ddl.target();
        QualifiedName index = ddl.index();
        PostgresLockMode mode = PostgresLockMode.neededBy(ddl);
        if ((table == null && index == null) || mode == null) {
            return List.of();
        }
        List<BlockingSession> result = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(LONG_HOLDERS_SQL)) {
            ps.setString(1, table == null ? null : table.sql());
            ps.setString(2, index == null ? null : index.sql());
            ps.setDouble(3, olderThan.toMillis() / 1000.0);
            ps.setString(4, String.join(",", mode.conflictingNames()));
            try (ResultSet rs = ps.executeQuery()) {
                result.addAll(BlockingSession.readAll(rs, Dialect.POSTGRESQL));
            }
        } catch (SQLException e) {
            log.debug("Could not look up lock holders: {}", e.getMessage());
        }
        return result;
    }

    @Override
    public List<BlockingSession> findBlockers(Connection raw, SqlStatement ddl) {
        QualifiedName table = ddl.target();
        QualifiedName index = ddl.index();
        if (table == null && index == null) {
            return List.of();
        }
        List<BlockingSession> result = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(BLOCKERS_SQL)) {
            ps.setString(1, table == null ? null : table.sql());
            ps.setString(2, index == null ? null : index.sql());
            try (ResultSet rs = ps.executeQuery()) {
                result.addAll(BlockingSession.readAll(rs, Dialect.POSTGRESQL));
            }
        } catch (SQLException e) {
            // Only a diagnostic: never let it hide the real failure.
            log.debug("Could not look up blocking sessions: {}", e.getMessage());
        }
        return result;
    }

    @Override
    public List<String> blockingLocksHeld(Connection raw, Collection<QualifiedName> createdInTransaction)
            throws SQLException {
        String[] created = createdInTransaction.stream().map(QualifiedName::sql).toArray(String[]::new);
        List<String> held = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(HELD_LOCKS_SQL)) {
            Array array = raw.createArrayOf("text", created);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(3) + " on " + rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return held;
    }

    private static final PostgresLagReader LAG = new PostgresLagReader();
    private static final PostgresLoadReader LOAD = new PostgresLoadReader();

    @Override
    public LagReader lagReader() {
        return LAG;
    }

    @Override
    public LoadReader loadReader() {
        return LOAD;
    }
}
