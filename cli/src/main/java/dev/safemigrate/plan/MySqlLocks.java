package dev.safemigrate.plan;

import dev.safemigrate.sql.DmlKind;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementKind;
import dev.safemigrate.sql.shape.AlterTable;

import java.util.List;
import java.util.Locale;

/**
 * The metadata lock and algorithm of a MySQL/MariaDB statement, from the servers' "Online DDL Operations"
 * tables. Every ALTER first waits for an exclusive metadata lock (briefly held; everything else on the
 * table queues behind it while it waits); what happens between then decides the outage:
 * {@code INSTANT} changes only the data dictionary, {@code INPLACE, LOCK=NONE} works while writes go on,
 * {@code COPY} copies the table while writes wait. The algorithm here is a prediction from the statement's
 * actions: the server has the last word, and the driver asks it (see {@code OnlineDdlRule}).
 */
public final class MySqlLocks {
    public static final String INSTANT = "INSTANT";
    public static final String INPLACE = "INPLACE";
    public static final String COPY = "COPY";

    private MySqlLocks() {
    }

    /**
     * @param algorithm the least blocking algorithm the server can use ({@link #INSTANT}, {@link #INPLACE},
     *     {@link #COPY})
     * @param work what it does to the rows with that algorithm
     * @param why which action decided it
     */
    public record Prediction(String algorithm, Work work, String why, boolean certain) {
        Prediction(String algorithm, Work work, String why) {
            this(algorithm, work, why, true);
        }
    }

    /** The lock of {@code s} as written, when the server picks its algorithm itself. */
    public static LockInfo of(SqlStatement s) {
        List<String> on = s.target() == null ? List.of() : List.of(s.target().sql());
        if (s.kind() == StatementKind.DML) {
            return new LockInfo("MDL shared-write; row locks until commit", on, false, false,
                    s.dmlKind() == DmlKind.INSERT_VALUES ? Work.NONE : Work.ROWS);
        }
        if (s.kind() == StatementKind.OTHER) {
            return LockInfo.UNKNOWN;
        }
        if (!s.isDdl()) {
            return LockInfo.NONE;
        }
        return switch (s.ddlKind()) {
            case ALTER_TABLE, CREATE_INDEX, DROP_INDEX -> {
                Prediction p = predict(s);
                yield withAlgorithm(p.algorithm(), p.work(), on);
            }
            case DROP_TABLE, TRUNCATE, RENAME_TABLE, DROP_VIEW, DROP_TRIGGER, CREATE_TRIGGER ->
                    new LockInfo("MDL exclusive (brief)", on, true, true, Work.CATALOG);
            case LOCK_TABLE -> new LockInfo("table lock until UNLOCK TABLES", on, true, true, Work.NONE);
            case ANALYZE -> new LockInfo("MDL shared-read", on, false, false, Work.SCAN);
            default -> LockInfo.NONE;
        };
    }

    /** The lock of a form that names its algorithm (the one the server accepts). */
    public static LockInfo withAlgorithm(String algorithm, Work work, List<String> on) {
        return switch (algorithm) {
            case INSTANT -> new LockInfo("MDL exclusive (brief), ALGORITHM=INSTANT", on, false, false, Work.CATALOG);
            case INPLACE -> new LockInfo("MDL shared-upgradable, ALGORITHM=INPLACE, LOCK=NONE", on, false, false,
                    work); // plus the exclusive MDL briefly at its start and end
            default -> new LockInfo("MDL shared-no-write, ALGORITHM=COPY", on, false, true, Work.REWRITE);
        };
    }

    /** The least blocking algorithm for an ALTER TABLE / CREATE INDEX / DROP INDEX: the slowest of its actions. */
    public static Prediction predict(SqlStatement s) {
        SqlCursor c = s.tokens();
        if (c.isWord(0, "CREATE")) {
            return c.findTopLevelWord(0, "FULLTEXT") >= 0 || c.findTopLevelWord(0, "SPATIAL") >= 0
                    ? new Prediction(INPLACE, Work.INDEX_BUILD, "a FULLTEXT/SPATIAL index (LOCK=SHARED on MySQL)")
                    : new Prediction(INPLACE, Work.INDEX_BUILD, "a secondary index is built in place");
        }
        if (c.isWord(0, "DROP")) {
            return new Prediction(INPLACE, Work.CATALOG, "dropping a secondary index changes the dictionary only");
        }
        AlterTable alter = AlterTable.of(s);
        if (alter == null) {
            return new Prediction(COPY, Work.REWRITE, "an ALTER the plan does not recognise");
        }
        Prediction worst = new Prediction(INSTANT, Work.CATALOG, "column and name changes are instant");
        for (AlterTable.Action a : alter.actions()) {
            Prediction p = action(alter.tokens(), a.from(), a.to());
            if (rank(p) > rank(worst) || (rank(p) == rank(worst) && !p.certain())) {
                worst = p;
            }
        }
        return worst;
    }

    private static int rank(Prediction p) {
        return List.of(INSTANT, INPLACE, COPY).indexOf(p.algorithm()) * 10 + p.work().ordinal();
    }

    private static Prediction action(SqlCursor c, int from, int to) {
        String first = c.text(from).toUpperCase(Locale.ROOT);
        String second = from + 1 < to ? c.text(from + 1).toUpperCase(Locale.ROOT) : "";
        boolean constraint = second.equals("CONSTRAINT") || second.equals("FOREIGN") || second.equals("CHECK");
        for (int k = from; k < to; k++) {
            if (c.isWord(k, "REFERENCES") && first.equals("ADD")) {
                return new Prediction(COPY, Work.REWRITE, "ADD FOREIGN KEY copies the table while foreign_key_checks=1");
            }
        }
        switch (first) {
            case "ADD":
                if (second.equals("PRIMARY")) {
                    return new Prediction(INPLACE, Work.REWRITE, "ADD PRIMARY KEY rebuilds the table in place");
                }
                if (constraint) {
                    return new Prediction(COPY, Work.REWRITE, "ADD CHECK copies the table");
                }
                if (second.equals("INDEX") || second.equals("KEY") || second.equals("UNIQUE")
                        || second.equals("FULLTEXT") || second.equals("SPATIAL")) {
                    return new Prediction(INPLACE, Work.INDEX_BUILD, "a secondary index is built in place");
                }
                return new Prediction(INSTANT, Work.CATALOG, "ADD COLUMN is instant");
            case "DROP":
                if (second.equals("PRIMARY")) {
                    return new Prediction(COPY, Work.REWRITE, "DROP PRIMARY KEY without a new one copies the table");
                }
                if (second.equals("INDEX") || second.equals("KEY") || second.equals("FOREIGN")
                        || second.equals("CONSTRAINT") || second.equals("CHECK")) {
                    return new Prediction(INPLACE, Work.CATALOG, "dropping an index or constraint changes the dictionary");
                }
                return new Prediction(INSTANT, Work.CATALOG, "DROP COLUMN is instant");
            case "MODIFY":
            case "CHANGE":
                // Whether the type changes depends on the column's current definition: the server decides.
                return new Prediction(COPY, Work.REWRITE, first + " copies the table when the column's type changes"
                        + " (a rename or a new default alone is instant, NULL to NOT NULL rebuilds in place)", false);
            case "ALTER":
            case "RENAME":
                return new Prediction(INSTANT, Work.CATALOG, first + " changes the dictionary only");
            default:
                return new Prediction(COPY, Work.REWRITE, first + " (a table option) rebuilds or copies the table");
        }
    }
}
