package dev.safemigrate.plan;

import dev.safemigrate.sql.DmlKind;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementKind;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.Vacuum;

import java.util.ArrayList;
import java.util.List;

/**
 * The table lock a PostgreSQL statement takes and what it does under it, from the "Explicit Locking" and
 * ALTER TABLE chapters of the PostgreSQL manual. Several ALTER TABLE actions take the strongest of their
 * locks and the longest of their work. What is not listed here is described conservatively: an unknown
 * ALTER TABLE action as ACCESS EXCLUSIVE, catalog only.
 */
public final class PostgresLocks {
    // The modes, weakest first; the index is the strength.
    static final String ACCESS_SHARE = "ACCESS SHARE";
    static final String ROW_EXCLUSIVE = "ROW EXCLUSIVE";
    static final String SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE";
    static final String SHARE = "SHARE";
    static final String SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE";
    static final String EXCLUSIVE = "EXCLUSIVE";
    static final String ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";
    private static final List<String> ORDER = List.of(ACCESS_SHARE, "ROW SHARE", ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE,
            SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);

    private PostgresLocks() {
    }

    /** The lock of {@code s} as written. */
    public static LockInfo of(SqlStatement s) {
        List<String> on = s.target() != null ? List.of(s.target().sql())
                : s.index() != null ? List.of("the table of " + s.index().sql()) : List.of();
        if (s.kind() == StatementKind.DML) {
            boolean insertOnly = s.dmlKind() == DmlKind.INSERT_VALUES;
            return new LockInfo(ROW_EXCLUSIVE, on, false, false, insertOnly ? Work.NONE : Work.ROWS);
        }
        if (s.kind() == StatementKind.QUERY) {
            return new LockInfo(ACCESS_SHARE, on, false, false, Work.NONE);
        }
        if (s.kind() == StatementKind.OTHER) {
            return LockInfo.UNKNOWN;
        }
        if (!s.isDdl()) {
            return LockInfo.NONE;
        }
        return switch (s.ddlKind()) {
            case CREATE_INDEX -> s.concurrently() ? mode(SHARE_UPDATE_EXCLUSIVE, on, Work.INDEX_BUILD)
                    : mode(SHARE, on, Work.INDEX_BUILD);
            case DROP_INDEX -> s.concurrently() ? mode(SHARE_UPDATE_EXCLUSIVE, on, Work.CATALOG)
                    : mode(ACCESS_EXCLUSIVE, on, Work.CATALOG);
            // REINDEX also takes ACCESS EXCLUSIVE on the index itself: reads that would use it wait.
            case REINDEX -> s.concurrently() ? mode(SHARE_UPDATE_EXCLUSIVE, on, Work.INDEX_BUILD)
                    : new LockInfo(SHARE + " (and ACCESS EXCLUSIVE on the index)", on, true, true, Work.INDEX_BUILD);
            case ALTER_TABLE -> alterTable(s, on);
            case DROP_TABLE, TRUNCATE, DROP_VIEW, DROP_TRIGGER -> mode(ACCESS_EXCLUSIVE, on, Work.CATALOG);
            case RENAME_TABLE, ALTER_INDEX -> mode(ACCESS_EXCLUSIVE, on, Work.CATALOG);
            case VACUUM -> vacuumFull(s) ? mode(ACCESS_EXCLUSIVE, on, Work.REWRITE)
                    : mode(SHARE_UPDATE_EXCLUSIVE, on, Work.SCAN);
            case ANALYZE -> mode(SHARE_UPDATE_EXCLUSIVE, on, Work.SCAN);
            case CLUSTER -> mode(ACCESS_EXCLUSIVE, on, Work.REWRITE);
            case REFRESH_MATERIALIZED_VIEW -> s.concurrently()
                    ? new LockInfo(EXCLUSIVE, on, false, false, Work.REWRITE) // readers go on; views take no writes
                    : mode(ACCESS_EXCLUSIVE, on, Work.REWRITE);
            case CREATE_TRIGGER -> mode(SHARE_ROW_EXCLUSIVE, on, Work.CATALOG);
            case COMMENT -> mode(SHARE_UPDATE_EXCLUSIVE, on, Work.CATALOG);
            case LOCK_TABLE -> lockTable(s, on);
            case CREATE_TABLE -> createTable(s);
            default -> LockInfo.NONE; // new objects, views, grants: no lock on an existing table's data
        };
    }

    /** A lock mode with what it blocks, from PostgreSQL's conflict table. */
    static LockInfo mode(String mode, List<String> on, Work work) {
        boolean blocksReads = mode.equals(ACCESS_EXCLUSIVE);
        boolean blocksWrites = ORDER.indexOf(mode) >= ORDER.indexOf(SHARE);
        return new LockInfo(mode, on, blocksReads, blocksWrites, work);
    }

    private static LockInfo alterTable(SqlStatement s, List<String> on) {
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            return mode(ACCESS_EXCLUSIVE, on, Work.CATALOG);
        }
        SqlCursor c = alter.tokens();
        String strongest = ACCESS_SHARE;
        Work longest = Work.CATALOG;
        List<String> tables = new ArrayList<>(on);
        for (AlterTable.Action a : alter.actions()) {
            Action act = action(c, a.from(), a.to());
            if (ORDER.indexOf(act.mode) > ORDER.indexOf(strongest)) {
                strongest = act.mode;
            }
            if (act.work.ordinal() > longest.ordinal() && act.work != Work.NONE) {
                longest = act.work;
            }
            if (act.referenced != null && !tables.contains(act.referenced)) {
                tables.add(act.referenced);
            }
        }
        return mode(strongest, tables, longest);
    }

    private record Action(String mode, Work work, String referenced) {
    }

    private static Action action(SqlCursor c, int from, int to) {
        boolean notValid = false;
        for (int k = from; k + 1 < to; k++) {
            notValid |= c.isWords(k, "NOT", "VALID");
        }
        if (c.isWord(from, "ADD")) {
            int fk = find(c, from, to, "REFERENCES");
            boolean constraint = c.isWord(from + 1, "CONSTRAINT") || c.isWord(from + 1, "FOREIGN")
                    || c.isWord(from + 1, "CHECK") || c.isWord(from + 1, "UNIQUE") || c.isWord(from + 1, "PRIMARY")
                    || c.isWord(from + 1, "EXCLUDE");
            if (constraint && fk >= 0) {
                String referenced = c.isName(fk + 1) ? c.name(fk + 1).sql() : null;
                return new Action(SHARE_ROW_EXCLUSIVE, notValid ? Work.CATALOG : Work.SCAN, referenced);
            }
            if (constraint && find(c, from, to, "CHECK") >= 0) {
                return new Action(ACCESS_EXCLUSIVE, notValid ? Work.CATALOG : Work.SCAN, null);
            }
            if (constraint && find(c, from, to, "USING") >= 0 && find(c, from, to, "INDEX") >= 0) {
                return new Action(ACCESS_EXCLUSIVE, Work.CATALOG, null); // attaches an index already built
            }
            if (constraint) {
                return new Action(ACCESS_EXCLUSIVE, Work.INDEX_BUILD, null); // UNIQUE, PRIMARY KEY, EXCLUDE
            }
            // ADD COLUMN: a volatile default, serial or identity rewrites; the policy check decides which
            // (the planner raises the work when it finds one); a constant default is catalog only on 11+.
            String referenced = fk >= 0 && c.isName(fk + 1) ? c.name(fk + 1).sql() : null;
            return new Action(ACCESS_EXCLUSIVE, Work.CATALOG, referenced);
        }
        if (c.isWords(from, "VALIDATE", "CONSTRAINT")) {
            return new Action(SHARE_UPDATE_EXCLUSIVE, Work.SCAN, null);
        }
        if (c.isWord(from, "ALTER")) {
            int k = c.isWord(from + 1, "COLUMN") ? from + 2 : from + 1;
            k = c.isName(k) ? c.nameEnd(k) : k;
            if (c.isWords(k, "SET", "NOT", "NULL")) {
                return new Action(ACCESS_EXCLUSIVE, Work.SCAN, null);
            }
            if (c.isWord(k, "TYPE") || c.isWords(k, "SET", "DATA", "TYPE")) {
                // unless binary-compatible: the planner lowers it when the policy check finds no rewrite
                return new Action(ACCESS_EXCLUSIVE, Work.REWRITE, null);
            }
            if (c.isWords(k, "SET", "STATISTICS")) {
                return new Action(SHARE_UPDATE_EXCLUSIVE, Work.CATALOG, null);
            }
            return new Action(ACCESS_EXCLUSIVE, Work.CATALOG, null);
        }
        if (c.isWord(from, "SET") && (c.isPunct(from + 1, '(') || c.isWord(from + 1, "STATISTICS"))) {
            return new Action(SHARE_UPDATE_EXCLUSIVE, Work.CATALOG, null);
        }
        if (c.isWords(from, "SET", "TABLESPACE") || c.isWords(from, "SET", "LOGGED")
                || c.isWords(from, "SET", "UNLOGGED") || c.isWords(from, "SET", "ACCESS", "METHOD")) {
            return new Action(ACCESS_EXCLUSIVE, Work.REWRITE, null);
        }
        if (c.isWord(from, "ENABLE") || c.isWord(from, "DISABLE")) {
            boolean trigger = c.isWord(from + 1, "TRIGGER") || c.isWord(from + 2, "TRIGGER");
            return new Action(trigger ? SHARE_ROW_EXCLUSIVE : ACCESS_EXCLUSIVE, Work.CATALOG, null);
        }
        if (c.isWords(from, "ATTACH", "PARTITION") || c.isWords(from, "DETACH", "PARTITION")) {
            return new Action(SHARE_UPDATE_EXCLUSIVE, Work.SCAN, null);
        }
        return new Action(ACCESS_EXCLUSIVE, Work.CATALOG, null); // DROP, RENAME, OWNER, anything else
    }

    private static int find(SqlCursor c, int from, int to, String word) {
        for (int k = from; k < to; k++) {
            if (c.isWord(k, word)) {
                return k;
            }
        }
        return -1;
    }

    /** VACUUM FULL, or a VACUUM whose options the plan cannot read (the worst case is shown). */
    private static boolean vacuumFull(SqlStatement s) {
        Vacuum vacuum = Vacuum.of(s);
        return vacuum == null || !Boolean.FALSE.equals(vacuum.full());
    }

    private static LockInfo lockTable(SqlStatement s, List<String> on) {
        SqlCursor c = s.tokens();
        int in = c.findTopLevelWord(0, "IN");
        if (in < 0) {
            return mode(ACCESS_EXCLUSIVE, on, Work.NONE);
        }
        StringBuilder mode = new StringBuilder();
        for (int k = in + 1; k < c.sizeWithoutSemicolon() && !c.isWord(k, "MODE"); k++) {
            mode.append(mode.length() == 0 ? "" : " ").append(c.text(k).toUpperCase(java.util.Locale.ROOT));
        }
        String m = mode.toString();
        return ORDER.contains(m) ? mode(m, on, Work.NONE) : mode(ACCESS_EXCLUSIVE, on, Work.NONE);
    }

    /** A new table locks nothing others use, except SHARE ROW EXCLUSIVE on each table its foreign keys reference. */
    private static LockInfo createTable(SqlStatement s) {
        SqlCursor c = s.tokens();
        List<String> referenced = new ArrayList<>();
        for (int k = 0; k + 1 < c.sizeWithoutSemicolon(); k++) {
            if (c.isWord(k, "REFERENCES") && c.isName(k + 1)) {
                QualifiedName r = c.name(k + 1);
                if (!referenced.contains(r.sql())) {
                    referenced.add(r.sql());
                }
            }
        }
        return referenced.isEmpty() ? LockInfo.NONE : mode(SHARE_ROW_EXCLUSIVE, referenced, Work.CATALOG);
    }
}
