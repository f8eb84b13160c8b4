package dev.safemigrate.dialect.postgres;

import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.Vacuum;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's table lock modes, weakest first, with the conflict table of the manual ("Table-Level Locks"), and
 * the mode a DDL statement takes on its table. Waiting before an attempt ({@code safemigrate.preWait}) counts only
 * the sessions whose lock conflicts with it: a {@code CREATE INDEX CONCURRENTLY} does not wait for readers and
 * writers, an {@code ALTER TABLE … ADD COLUMN} waits for everyone.
 */
public enum PostgresLockMode {
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    /** {@code CONFLICTS[a]}: the modes (by ordinal) that conflict with mode {@code a}. Symmetric. */
    private static final String[] CONFLICTS = {
            "7",            // ACCESS SHARE: ACCESS EXCLUSIVE
            "67",           // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
            "4567",         // ROW EXCLUSIVE: SHARE and stronger, but not SHARE UPDATE EXCLUSIVE
            "34567",        // SHARE UPDATE EXCLUSIVE: itself and stronger
            "23567",        // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger
            "234567",       // SHARE ROW EXCLUSIVE
            "1234567",      // EXCLUSIVE: everything but ACCESS SHARE
            "01234567",     // ACCESS EXCLUSIVE: everything
    };

    private final String pgLocksName;

    PostgresLockMode(String pgLocksName) {
        this.pgLocksName = pgLocksName;
    }

    /** The name {@code pg_locks.mode} shows. */
    public String pgLocksName() {
        return pgLocksName;
    }

    public boolean conflictsWith(PostgresLockMode other) {
        return CONFLICTS[ordinal()].indexOf((char) ('0' + other.ordinal())) >= 0;
    }

    /** The {@code pg_locks.mode} names of the modes that conflict with this one. */
    public List<String> conflictingNames() {
        List<String> names = new ArrayList<>();
        for (PostgresLockMode m : values()) {
            if (conflictsWith(m)) {
                names.add(m.pgLocksName);
            }
        }
        return names;
    }

    /**
     * The mode the statement takes on its table. Known for the forms the rules write (concurrent index builds and
     * drops, {@code VALIDATE CONSTRAINT}, a foreign key, a trigger, {@code VACUUM}, {@code ANALYZE}, a concurrent
     * refresh); ACCESS EXCLUSIVE for anything else — the strongest, so a statement not understood waits for every
     * long holder rather than for too few. {@code null} for CREATE TABLE: it takes no lock on a table that exists.
     */
    public static PostgresLockMode neededBy(SqlStatement ddl) {
        if (ddl.ddlKind() == null) {
            return ACCESS_EXCLUSIVE;
        }
        return switch (ddl.ddlKind()) {
            // A new table is nobody's yet; CREATE TABLE IF NOT EXISTS of an existing one only checks its name.
            case CREATE_TABLE -> null;
            case CREATE_INDEX -> ddl.concurrently() ? SHARE_UPDATE_EXCLUSIVE : SHARE;
            case DROP_INDEX, REINDEX -> ddl.concurrently() ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
            case REFRESH_MATERIALIZED_VIEW -> ddl.concurrently() ? EXCLUSIVE : ACCESS_EXCLUSIVE;
            case CREATE_TRIGGER -> SHARE_ROW_EXCLUSIVE;
            case ANALYZE -> SHARE_UPDATE_EXCLUSIVE;
            case VACUUM -> vacuum(Vacuum.of(ddl));
            case ALTER_TABLE -> alterTable(AlterTable.of(ddl));
            default -> ACCESS_EXCLUSIVE;
        };
    }

    private static PostgresLockMode vacuum(Vacuum vacuum) {
        return vacuum != null && Boolean.FALSE.equals(vacuum.full()) ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
    }

    /** The strongest mode among the actions. */
    private static PostgresLockMode alterTable(AlterTable alter) {
        if (alter == null) {
            return ACCESS_EXCLUSIVE;
        }
        PostgresLockMode strongest = ACCESS_SHARE;
        SqlCursor c = alter.tokens();
        for (AlterTable.Action a : alter.actions()) {
            PostgresLockMode m = action(c, a);
            if (m.compareTo(strongest) > 0) {
                strongest = m;
            }
        }
        return strongest;
    }

    private static PostgresLockMode action(SqlCursor c, AlterTable.Action a) {
        int i = a.from();
        if (c.isWords(i, "VALIDATE", "CONSTRAINT")) {
            return SHARE_UPDATE_EXCLUSIVE;
        }
        if (c.isWord(i, "ADD")) {
            int j = c.isWord(i + 1, "CONSTRAINT") ? i + 3 : i + 1;
            if (j < a.to() && c.isWords(j, "FOREIGN", "KEY")) {
                return SHARE_ROW_EXCLUSIVE;
            }
        }
        return ACCESS_EXCLUSIVE;
    }
}
