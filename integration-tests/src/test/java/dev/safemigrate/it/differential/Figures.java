package dev.safemigrate.it.differential;

/** What a differential run compared, for the one-line summary per engine. */
public final class Figures {
    int sequences;
    /** Steps under test compared on both sides (SQL strings and JDBC transaction calls). */
    long statements;
    /** Setup statements (CREATE TABLE, INSERT … VALUES of the rows), run on both sides, outcomes compared too. */
    long setupStatements;
    long failuresBothSides;
    long transactionSteps;
    long preparedSteps;
    long multiStatementSteps;
    /** Sequences that reached their end and whose catalogs and rows were compared. */
    int fullyCompared;
    /** Sequences stopped early at an intended difference (see {@link DifferentialRunner}). */
    int cutAtBatchAbort;
    int cutAtSplitFailure;
    /** Of those cut at a failed batch: both sides refused the rows but named different integrity violations. */
    int batchOtherViolation;
    /** NOT VALID constraints a failed VALIDATE left on the safe side, dropped as docs/rules.md says. */
    int notValidLeftoversDropped;
    int differences;
    long millis;

    public void add(Figures other) {
        sequences += other.sequences;
        statements += other.statements;
        setupStatements += other.setupStatements;
        failuresBothSides += other.failuresBothSides;
        transactionSteps += other.transactionSteps;
        preparedSteps += other.preparedSteps;
        multiStatementSteps += other.multiStatementSteps;
        fullyCompared += other.fullyCompared;
        cutAtBatchAbort += other.cutAtBatchAbort;
        cutAtSplitFailure += other.cutAtSplitFailure;
        batchOtherViolation += other.batchOtherViolation;
        notValidLeftoversDropped += other.notValidLeftoversDropped;
        differences += other.differences;
    }

    public void setMillis(long millis) {
        this.millis = millis;
    }

    public int differences() {
        return differences;
    }

    public long statements() {
        return statements;
    }

    public String summary() {
        return sequences + " sequences, " + statements + " statements compared (+" + setupStatements + " setup), "
                + failuresBothSides + " failed on both sides alike, " + transactionSteps + " in transactions, " + preparedSteps
                + " prepared, " + multiStatementSteps + " multi-statement strings; " + fullyCompared
                + " sequences compared to the end (catalog and rows), cut at an intended difference: " + cutAtBatchAbort
                + " after a failed batched statement (" + batchOtherViolation + " of them naming another violation), "
                + cutAtSplitFailure + " after a failure in a split transaction; "
                + notValidLeftoversDropped + " NOT VALID leftovers dropped; " + differences + " differences; " + millis + " ms";
    }
}
