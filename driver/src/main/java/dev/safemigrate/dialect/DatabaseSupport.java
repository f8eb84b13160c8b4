package dev.safemigrate.dialect;

import dev.safemigrate.config.Settings;
import dev.safemigrate.rules.RuleSet;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What the engine needs to know about one database family. One implementation per family, in its
 * own package ({@code dialect.postgres}, {@code dialect.mysql}); later rule families and the batching
 * engine add their per-dialect parts beside these.
 *
 * <p>All methods receive the real (unwrapped) connection: nothing they send is classified again.
 */
public interface DatabaseSupport {

    /** Lexical rules of this family's SQL. */
    Dialect dialect();

    /**
     * True when DDL takes part in transactions (PostgreSQL). False when every DDL statement commits
     * the open transaction first (MySQL, MariaDB), so a failed DDL leaves nothing to roll back.
     */
    boolean transactionalDdl();

    /** Decides whether a failure is a lock timeout or deadlock worth retrying. */
    FailureKind classify(SQLException e);

    /**
     * True when the server refused a DDL statement because the operation cannot run with the
     * {@code ALGORITHM}/{@code LOCK} it names (MySQL/MariaDB vendor errors 1845, 1846, 1847); nothing was changed.
     */
    default boolean algorithmNotSupported(SQLException e) {
        return false;
    }

    /**
     * The shortest lock timeout the server honours: a shorter one is rounded up to it (MySQL/MariaDB count
     * whole seconds).
     */
    default Duration shortestLockTimeout() {
        return Duration.ofMillis(1);
    }

    /**
     * Sets the lock timeout (and the optional DDL statement timeout) for the next statement.
     *
     * @param transactionLocal true inside a transaction: PostgreSQL then uses {@code SET LOCAL}
     *     semantics, which a rollback undoes
     */
    default TimeoutScope applyDdlTimeouts(Connection raw, boolean transactionLocal, Settings settings)
            throws SQLException {
        return applyDdlTimeouts(raw, transactionLocal, settings, settings.lockTimeout());
    }

    /** {@link #applyDdlTimeouts(Connection, boolean, Settings)} with this attempt's lock timeout. */
    TimeoutScope applyDdlTimeouts(Connection raw, boolean transactionLocal, Settings settings, Duration lockTimeout)
            throws SQLException;

    /**
     * The SQLSTATE of the exception a DDL statement that did not get its lock ends with (see
     * {@code DdlLockException}): tools that react to lock timeouts must still recognise it.
     */
    String giveUpSqlState(SQLException failure);

    /** The statement an operator runs to end a blocking session, quoted in give-up messages. */
    String terminateHint(BlockingSession blocker);

    /** Other sessions that hold locks on the statement's table, most likely blockers first. Never throws. */
    List<BlockingSession> findBlockers(Connection raw, SqlStatement ddl);

    /**
     * For waiting before an attempt ({@code safemigrate.preWait}): the client sessions whose transaction, open
     * longer than {@code olderThan}, holds a lock on the statement's table — only what the server shows for
     * certain (no guess from other open transactions); none when it cannot tell. Never throws.
     */
    default List<BlockingSession> longLockHolders(Connection raw, SqlStatement ddl, Duration olderThan) {
        return List.of();
    }

    /**
     * Locks this session's transaction holds that block other sessions' reads or writes on tables
     * that existed before the transaction (described for messages, e.g. {@code RowExclusiveLock on
     * public.accounts}). Tables created in the transaction are invisible to others and do not count.
     * Only meaningful where {@link #transactionalDdl()} is true.
     */
    List<String> blockingLocksHeld(Connection raw, Collection<QualifiedName> createdInTransaction) throws SQLException;

    /** The rewrite rules of this family, asked in order. */
    default RuleSet rules() {
        return RuleSet.NONE;
    }

    /**
     * The SQL of a deferred step ({@link Step.Deferred}), from the catalog as the previous steps left it; only
     * reads. Only the dialects whose rules make deferred steps implement it.
     */
    default String resolve(Step.Deferred deferred, Connection raw) throws SQLException {
        throw new IllegalStateException(dialect() + " has no deferred steps, got " + deferred);
    }

    /** A session was opened through the driver (PostgreSQL remembers its pid: see OwnSessions). */
    default void sessionOpened(Connection raw) {
    }

    /** The session is being closed. */
    default void sessionClosed(Connection raw) {
    }

    /**
     * Starts watching a concurrent step about to run on {@code raw}; {@link ConcurrentWaitGuard#NONE}
     * where there is nothing to watch.
     */
    default ConcurrentWaitGuard guardConcurrentStep(Connection raw, SideConnections side) {
        return ConcurrentWaitGuard.NONE;
    }

    /** What the batching engine asks of this family. */
    BatchSupport batchSupport();

    /** Replication lag for the batching throttle (see docs/batching.md). */
    default LagReader lagReader() {
        return LagReader.UNSUPPORTED;
    }

    /** Active sessions for the batching throttle (see docs/batching.md). */
    default LoadReader loadReader() {
        return LoadReader.UNSUPPORTED;
    }

    /** A catalog reader for one connection; {@code null} where no rule needs one. */
    default Catalog newCatalog(Connection raw, Settings settings) {
        return null;
    }
}
