package dev.safemigrate.plan;

/** What a statement does to the rows of its table once it holds its lock; decides how long the lock is held. */
public enum Work {
    /** Changes the catalog only: milliseconds once the lock is granted. */
    CATALOG("catalog only"),
    /** Reads every row (e.g. to validate a constraint). */
    SCAN("scans the table"),
    /** Writes a new copy of the table and its indexes. */
    REWRITE("rewrites the table"),
    /** Reads every row and sorts them into a new index. */
    INDEX_BUILD("builds an index"),
    /** Changes the rows it matches (DML), holding their row locks until commit. */
    ROWS("changes rows"),
    /** Nothing the plan measures (queries, settings, new objects). */
    NONE("-");

    private final String label;

    Work(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True when the time the lock is held grows with the table. */
    public boolean growsWithTable() {
        return this == SCAN || this == REWRITE || this == INDEX_BUILD || this == ROWS;
    }
}
