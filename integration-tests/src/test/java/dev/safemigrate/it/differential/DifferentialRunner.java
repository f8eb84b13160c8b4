package dev.safemigrate.it.differential;

import dev.safemigrate.execution.batch.BatchAbortedException;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a {@link Sequence} on two fresh schemas (PostgreSQL) or databases (MySQL/MariaDB) of the test's
 * server — one through the bare driver, one through safemigrate with every rule forced
 * ({@code rewrite.minRows=0}, {@code batch.minRows=0}, batches of 1 to a few dozen rows, {@code policy.default=warn}
 * so that breaking changes run as written) — and compares each step's outcome (success or SQLSTATE, every update
 * count and result), then the final catalog and rows ({@link CatalogSnapshot}).
 *
 * <p><b>Intended differences, and how they are handled</b> (each one is documented driver behaviour; none is
 * hidden from the comparison otherwise):
 * <ul>
 *   <li><b>{@code transactionPolicy=split} commits the work before a rewritten statement</b> (CONCURRENTLY,
 *   NOT VALID + VALIDATE, batching) and runs it outside the transaction. A later ROLLBACK, or a failure that
 *   aborts the transaction, then leaves different rows. Sequences that roll back run under {@code keep}; under
 *   {@code split} transactions only commit, and a sequence in which a step fails inside a split transaction is
 *   <i>cut</i> there: the steps so far were compared, the final state is not ({@code cutAtSplitFailure}).</li>
 *   <li><b>A batched statement that fails part-way keeps the batches that committed</b>
 *   ({@code BatchAbortedException}, docs/batching.md; a re-send resumes). Both sides must fail with the same
 *   SQLSTATE; the sequence is then cut ({@code cutAtBatchAbort}), as the journal would also make a later
 *   identical statement resume rather than start afresh.</li>
 *   <li><b>A statement with several kinds of violation may name another one when batched</b>: PostgreSQL checks
 *   a primary key or unique index row by row but a foreign key at the end of each statement, so one INSERT …
 *   SELECT that both duplicates a key and breaks a foreign key fails with 23505 as one statement and, when the
 *   first batch holds no duplicate, with 23503 as batches. When the safe side's error is a
 *   {@code BatchAbortedException} and both SQLSTATEs are integrity violations (class 23), the step counts as
 *   failed on both sides ({@code batchOtherViolation}) and the sequence is cut as above. Any other difference
 *   of SQLSTATE is a difference.</li>
 *   <li><b>A failed VALIDATE leaves the constraint NOT VALID</b> (add-check, add-foreign-key, set-not-null's
 *   helper {@code sm_nn_<col>}; docs/rules.md "After a failed VALIDATE"). Both sides must fail with the same
 *   SQLSTATE; the runner then checks that the safe side's only extra constraints are NOT VALID ones and drops
 *   them, the documented way to give up on them ({@code notValidLeftoversDropped}). Anything else extra is a
 *   difference.</li>
 *   <li><b>Re-runs converge</b>: a CREATE INDEX of a name that exists with the same definition, a named
 *   constraint added again with the same definition, an unnamed UNIQUE/FOREIGN KEY/CHECK added twice, or a
 *   UNIQUE/PRIMARY KEY constraint named like an existing unique index, are no-ops (or an attach) through the
 *   driver where PostgreSQL fails or adds a twin ({@code …_key1}). The generator never produces these (index and
 *   constraint names are distinct; an unnamed definition is used once per table); they are covered by the
 *   rules' own tests.</li>
 *   <li><b>Serial values from an unordered INSERT … SELECT</b>: batches insert the rows in key order, the server
 *   in its own, so the serial values differ. Such a table's serial column and sequence value are left out, and
 *   the generator no longer uses the serial column afterwards (as a foreign key target, a copied key).</li>
 *   <li>The driver's own tables (batch journal, expansions, online copy) are not compared.</li>
 * </ul>
 */
public final class DifferentialRunner {

    private final TestDatabase db;
    private final String bareSchema;
    private final String safeSchema;
    private final Connection admin;

    public DifferentialRunner(TestDatabase db) throws SQLException {
        this.db = db;
        this.bareSchema = db.schema() + "_b";
        this.safeSchema = db.schema() + "_s";
        this.admin = db.openBare();
        admin.setAutoCommit(true);
    }

    private boolean pg() {
        return db.engine() == Engine.POSTGRESQL;
    }

    /** The safe side's settings: every rule forced, small batches, breaking changes run as written, short retries. */
    static String safeParams(Sequence sequence) {
        return "safemigrate.rewrite.minRows=0&safemigrate.batch.minRows=0&safemigrate.batch.minSize=1"
                + "&safemigrate.batch.maxSize=" + sequence.batchMaxSize() + "&safemigrate.batch.targetTime=10ms"
                + "&safemigrate.policy.default=warn&safemigrate.transactionPolicy=" + sequence.transactionPolicy()
                + "&safemigrate.retry.baseDelay=5ms&safemigrate.retry.maxDelay=50ms";
    }

    private String url(String schema) {
        String url = db.bareUrlOn(schema);
        return pg() ? url : url + (url.contains("?") ? "&" : "?") + "allowMultiQueries=true";
    }

    private void recreate(String schema) throws SQLException {
        try (Statement s = admin.createStatement()) {
            if (pg()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                s.execute("CREATE SCHEMA \"" + schema + "\"");
            } else {
                s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
                s.execute("CREATE DATABASE `" + schema + "`");
            }
        }
    }

    /** Drops the two schemas/databases this runner made. */
    public void close() throws SQLException {
        try (Statement s = admin.createStatement()) {
            for (String schema : List.of(bareSchema, safeSchema)) {
                s.execute(pg() ? "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE" : "DROP DATABASE IF EXISTS `" + schema + "`");
            }
        } finally {
            admin.close();
        }
    }

    /** The outcome of one sequence: its figures and, when the sides differ, what differed. */
    public record Result(Figures figures, List<String> differences) {
    }

    public Result run(Sequence sequence) throws SQLException {
        Figures f = new Figures();
        f.sequences = 1;
        List<String> differences = new ArrayList<>();
        recreate(bareSchema);
        recreate(safeSchema);
        try (Connection bare = DriverManager.getConnection(url(bareSchema), db.user(), db.password());
             Connection safe = DriverManager.getConnection("jdbc:safemigrate:" + url(safeSchema).substring("jdbc:".length())
                     + (url(safeSchema).contains("?") ? "&" : "?") + safeParams(sequence), db.user(), db.password())) {
            for (Step step : sequence.setup()) {
                f.setupStatements++;
                Outcome b = Outcome.run(bare, step);
                Outcome s = Outcome.run(safe, step);
                if (!b.text().equals(s.text()) || b.failed()) {
                    differences.add("setup " + step + ": bare " + describe(b) + ", safemigrate " + describe(s));
                    return finish(f, differences);
                }
            }
            boolean textTransaction = false;
            for (int i = 0; i < sequence.steps().size(); i++) {
                Step step = sequence.steps().get(i);
                boolean inTransaction = textTransaction || !bare.getAutoCommit();
                String sql = step.isSql() ? step.sql().strip().toUpperCase() : "";
                if (sql.equals("BEGIN") || sql.equals("START TRANSACTION")) {
                    textTransaction = true;
                } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
                    textTransaction = false;
                }
                f.statements++;
                f.transactionSteps += inTransaction ? 1 : 0;
                f.preparedSteps += step.kind() == Step.Kind.PREPARED ? 1 : 0;
                f.multiStatementSteps += step.isSql() && step.sql().contains(";\n") ? 1 : 0;
                Outcome b = Outcome.run(bare, step);
                Outcome s = Outcome.run(safe, step);
                if (b.failed() && s.error() instanceof BatchAbortedException && !b.text().equals(s.text())
                        && b.error().getSQLState() != null && b.error().getSQLState().startsWith("23")
                        && s.error().getSQLState() != null && s.error().getSQLState().startsWith("23")) {
                    // Both refused the rows, each naming the violation it met first: see "another violation" above.
                    f.failuresBothSides++;
                    f.batchOtherViolation++;
                    f.cutAtBatchAbort++;
                    return finish(f, differences);
                }
                if (!b.text().equals(s.text())) {
                    differences.add("step " + (i + 1) + " " + step + ": bare " + describe(b) + ", safemigrate " + describe(s));
                    return finish(f, differences);
                }
                if (!b.failed()) {
                    continue;
                }
                f.failuresBothSides++;
                if (s.error() instanceof BatchAbortedException) {
                    f.cutAtBatchAbort++;
                    return finish(f, differences);
                }
                if (inTransaction && sequence.transactionPolicy().equals("split")) {
                    f.cutAtSplitFailure++;
                    return finish(f, differences);
                }
                if (pg() && !inTransaction && sql.contains("ALTER")) {
                    String leftover = dropNotValidLeftovers(f);
                    if (leftover != null) {
                        differences.add("step " + (i + 1) + " " + step + ": failed on both sides (" + b.text()
                                + ") but left different constraints: " + leftover);
                        return finish(f, differences);
                    }
                }
            }
            if (!bare.getAutoCommit()) {
                bare.rollback();
                safe.rollback();
            }
        }
        List<String> bareState = CatalogSnapshot.of(admin, db.engine(), bareSchema, sequence.serialExcepted());
        List<String> safeState = CatalogSnapshot.of(admin, db.engine(), safeSchema, sequence.serialExcepted());
        if (!bareState.equals(safeState)) {
            differences.add("final state differs:\n" + diff(bareState, safeState));
        } else {
            f.fullyCompared++;
        }
        return finish(f, differences);
    }

    private static Result finish(Figures f, List<String> differences) {
        f.differences = differences.isEmpty() ? 0 : 1;
        return new Result(f, differences);
    }

    private static String describe(Outcome o) {
        return o.failed() ? o.text() + " (" + o.error().getClass().getSimpleName() + ": " + firstLine(o.error().getMessage()) + ")"
                : o.text();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * After an ALTER failed on both sides: the constraints only the safe side has must all be NOT VALID
     * (a failed VALIDATE's leftover); they are dropped. Returns a description of anything else that differs.
     */
    private String dropNotValidLeftovers(Figures f) throws SQLException {
        String query = "SELECT c.relname, k.conname, k.convalidated, pg_get_constraintdef(k.oid) FROM pg_constraint k"
                + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
                + " AND c.relname NOT LIKE 'safemigrate%'";
        Set<String> bare = new HashSet<>(rows(query, bareSchema));
        List<String> extra = new ArrayList<>(rows(query, safeSchema));
        extra.removeAll(bare);
        Set<String> safe = new HashSet<>(rows(query, safeSchema));
        List<String> missing = new ArrayList<>(bare);
        missing.removeAll(safe);
        if (!missing.isEmpty()) {
            return "missing on the safe side " + missing;
        }
        for (String row : extra) {
            String[] parts = row.split("\\|", 4);
            if (!parts[2].equals("f")) {
                return "extra valid constraint on the safe side " + row;
            }
            try (Statement s = admin.createStatement()) {
                s.execute("ALTER TABLE \"" + safeSchema + "\".\"" + parts[0].replace("\"", "\"\"") + "\" DROP CONSTRAINT \""
                        + parts[1].replace("\"", "\"\"") + "\"");
            }
            f.notValidLeftoversDropped++;
        }
        return null;
    }

    private List<String> rows(String query, String schema) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (java.sql.PreparedStatement s = admin.prepareStatement(query)) {
            s.setString(1, schema);
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
                            + r.getString(4).replace(schema, "<schema>"));
                }
            }
        }
        return rows;
    }

    /** The lines only one side has, each marked with its side. */
    static String diff(List<String> bare, List<String> safe) {
        StringBuilder text = new StringBuilder();
        List<String> onlyBare = new ArrayList<>(bare);
        safe.forEach(onlyBare::remove);
        List<String> onlySafe = new ArrayList<>(safe);
        bare.forEach(onlySafe::remove);
        int shown = 0;
        for (String line : onlyBare) {
            if (shown++ < 40) {
                text.append("  bare only:        ").append(line).append('\n');
            }
        }
        for (String line : onlySafe) {
            if (shown++ < 80) {
                text.append("  safemigrate only: ").append(line).append('\n');
            }
        }
        return text.append("  (").append(onlyBare.size()).append(" + ").append(onlySafe.size()).append(" lines)").toString();
    }
}
