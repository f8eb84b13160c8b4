package dev.safemigrate.plan;

import java.util.List;

/**
 * The lock one statement takes, as the server's documentation describes it.
 *
 * @param lock the lock's name: a PostgreSQL table lock mode ({@code ACCESS EXCLUSIVE}, …) or, on MySQL/MariaDB,
 *     the metadata lock and algorithm ({@code MDL exclusive; ALGORITHM=COPY}); {@code none} when it takes none
 *     that matters
 * @param tables the tables it is taken on, as written in the statement; empty when unknown
 * @param blocksReads other sessions' SELECTs on those tables wait while it is held
 * @param blocksWrites other sessions' INSERT/UPDATE/DELETE wait while it is held
 * @param work what it does under the lock: how long the lock is held grows with the table when the work does
 */
public record LockInfo(String lock, List<String> tables, boolean blocksReads, boolean blocksWrites, Work work) {
    public static final LockInfo NONE = new LockInfo("none", List.of(), false, false, Work.NONE);
    /** A statement plan does not analyse (DO, CALL, …): whatever it runs inside takes its own locks. */
    public static final LockInfo UNKNOWN = new LockInfo("unknown", List.of(), false, false, Work.NONE);

    public LockInfo {
        tables = List.copyOf(tables);
    }

    /** True when readers or writers wait for as long as the work on the whole table takes. */
    public boolean blocksForTheWholeWork() {
        return (blocksReads || blocksWrites) && work.growsWithTable() && work != Work.ROWS;
    }

    /** Plain words: what other sessions notice. */
    public String effect() {
        if (blocksReads) {
            return "blocks reads and writes";
        }
        if (blocksWrites) {
            return "blocks writes";
        }
        // The table lock lets everyone through, but each changed row stays locked until the transaction ends:
        // one UPDATE of a whole big table makes every writer to any of those rows wait for it.
        return work == Work.ROWS ? "reads go on; writers to the rows it changes wait until its transaction commits"
                : "blocks no reads or writes";
    }

    LockInfo on(List<String> otherTables) {
        return new LockInfo(lock, otherTables, blocksReads, blocksWrites, work);
    }
}
