package dev.safemigrate.execution;

import dev.safemigrate.observe.LogText;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * What the current transaction has run, so that it can be rolled back and replayed when a DDL
 * statement cannot get its lock while the transaction holds locks other sessions need.
 *
 * <p>Replay is only correct when running a statement again gives the caller nothing different
 * from what it already saw: DDL, SET, and DML whose rows were not returned. A query, a
 * RETURNING clause, a prepared statement with bind values (we never keep bind values), savepoint
 * handling or anything not understood makes the transaction not replayable, and says why.
 * Bounded: past {@code limit} statements it stops recording and is not replayable.
 */
public final class TransactionJournal {

    /** One statement as it was executed. */
    public record Entry(ParsedSql sql, boolean escapeProcessing) {
    }

    private final int limit;
    private final List<Entry> entries = new ArrayList<>();
    private final List<QualifiedName> createdTables = new ArrayList<>();
    private String notReplayableBecause;

    public TransactionJournal(int limit) {
        this.limit = limit;
        reset();
    }

    /** A transaction ended (commit, rollback, autocommit turned on): forget everything. */
    public void reset() {
        entries.clear();
        createdTables.clear();
        notReplayableBecause = limit == 0 ? "transaction replay is off (safemigrate.transaction.journalLimit=0)" : null;
    }

    /** Records a statement sent as SQL text through a plain {@code Statement}, after it succeeded. */
    public void record(ParsedSql parsed, boolean escapeProcessing) {
        for (SqlStatement s : parsed.statements()) {
            if (s.kind() == dev.safemigrate.sql.StatementKind.DDL && s.target() != null
                    && (s.ddlKind() == DdlKind.CREATE_TABLE || s.ddlKind() == DdlKind.CREATE_MATERIALIZED_VIEW)) {
                createdTables.add(s.target());
            }
        }
        if (notReplayableBecause != null) {
            return;
        }
        String reason = whyNotReplayable(parsed);
        if (reason != null) {
            notReplayableBecause = reason;
            entries.clear();
        } else if (entries.size() >= limit) {
            notReplayableBecause = "the transaction ran more than " + limit
                    + " statements (safemigrate.transaction.journalLimit)";
            entries.clear();
        } else {
            entries.add(new Entry(parsed, escapeProcessing));
        }
    }

    /** Something happened that cannot be replayed (a prepared statement with bind values, a savepoint, …). */
    public void markNotReplayable(String reason) {
        if (notReplayableBecause == null) {
            notReplayableBecause = reason;
            entries.clear();
        }
    }

    private static String whyNotReplayable(ParsedSql parsed) {
        for (SqlStatement s : parsed.statements()) {
            switch (s.kind()) {
                case DDL:
                case SET:
                case EMPTY:
                    break;
                case DML:
                    if (s.hasReturning()) {
                        return "the transaction ran a statement that returned rows: " + LogText.shorten(s.text());
                    }
                    break;
                case QUERY:
                    return "the transaction ran a query whose rows the application may have used: "
                            + LogText.shorten(s.text());
                case TRANSACTION:
                    return "the transaction used savepoints or transaction commands: " + LogText.shorten(s.text());
                default:
                    return "the transaction ran a statement safemigrate does not understand: "
                            + LogText.shorten(s.text());
            }
        }
        return null;
    }

    public boolean replayable() {
        return notReplayableBecause == null;
    }

    /** Why {@link #replayable()} is false; {@code null} when it is true. */
    public String whyNotReplayable() {
        return notReplayableBecause;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Tables and materialized views created by this transaction: invisible to other sessions, so locks
     * on them block nobody and their indexes need no concurrent build.
     */
    public List<QualifiedName> createdTables() {
        return List.copyOf(createdTables);
    }
}
