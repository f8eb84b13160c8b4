package dev.safemigrate.cli.expand;

import dev.safemigrate.cli.Main;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.rules.postgres.expand.ExpansionStatements;
import dev.safemigrate.dialect.postgres.ExpansionRecords;
import dev.safemigrate.rules.postgres.expand.ExpansionRecordSql;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends expansions, contract or rollback, the way a migration would: by sending the statement that means it for its
 * kind ({@link ExpansionStatements}: e.g. {@code DROP COLUMN <old>}, or renaming the new column back) through the
 * safemigrate driver, whose
 * ExpansionEndRule runs the expansion's script instead, under the lock timeout and with the record updated in
 * the same transaction. Each end is then checked in the record.
 */
final class ExpansionEnd {
    enum Way {
        CONTRACT("contract", "contracting", ExpansionRecordSql.CONTRACTED),
        ROLLBACK("rollback", "rolling back", ExpansionRecordSql.ROLLED_BACK);

        final String command;
        final String doing;
        final String status;

        Way(String command, String doing, String status) {
            this.command = command;
            this.doing = doing;
            this.status = status;
        }
    }

    private final ExpansionConnection db;
    private final Way way;
    private final PrintStream out;
    private final PrintStream err;

    ExpansionEnd(ExpansionConnection db, Way way, PrintStream out, PrintStream err) {
        this.db = db;
        this.way = way;
        this.out = out;
        this.err = err;
    }

    /**
     * The body of {@code contract} and {@code rollback}: connect, read the record, check the ID (the one to end, or
     * for a contract without ID every expansion in status expanded), end them; the exit code.
     */
    static int command(ConnectionOptions connection, CommandSpec spec, Way way, Long id, PrintStream out,
                       PrintStream err) {
        ExpansionConnection db;
        try {
            db = ExpansionConnection.of(connection, true);
        } catch (ExpansionConnection.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<ExpansionFacts> recorded;
        try {
            recorded = Records.read(db);
        } catch (SQLException e) {
            err.println("safemigrate " + way.command + ": " + Expansions.cannotUse(db, e));
            return Main.DATABASE;
        }
        List<ExpansionFacts> targets = new ArrayList<>();
        if (id != null) {
            String why = Records.notPending(recorded, id, db);
            if (why != null) {
                err.println("safemigrate " + way.command + ": " + why);
                return Main.FAILED_CHECK;
            }
            // an unfinished one too: rolled back, or its contract refused by the driver, which says how to finish it
            targets.add(Expansions.byId(recorded, id));
        } else {
            for (ExpansionFacts e : recorded) {
                if (Expansions.EXPANDED.equals(e.status())) {
                    targets.add(e);
                } else if (Expansions.EXPANDING.equals(e.status())) {
                    out.println("Skipping expansion " + Expansions.describe(e) + ": still " + e.status()
                            + " (re-run its statement to finish it, or safemigrate rollback " + e.id() + ")");
                }
            }
            if (targets.isEmpty()) {
                out.println("Nothing to contract: no expansion in status expanded at " + db.where() + ".");
                return Main.OK;
            }
        }
        return new ExpansionEnd(db, way, out, err).run(targets);
    }

    /** The statement that means this end of {@code e}, identifiers quoted. */
    static String statement(Way way, ExpansionFacts e) {
        return way == Way.CONTRACT ? ExpansionStatements.contract(e) : ExpansionStatements.rollback(e);
    }

    /** Ends each in turn, stopping at the first failure; the exit code. */
    int run(List<ExpansionFacts> targets) {
        try (Connection bare = db.openBare(); Connection safe = db.openSafe()) {
            for (ExpansionFacts e : targets) {
                String sql = statement(way, e);
                out.println(capitalized(way.doing) + " expansion " + Expansions.describe(e) + ": " + sql);
                long started = System.nanoTime();
                try (Statement st = safe.createStatement()) {
                    st.execute(sql);
                } catch (SQLException refused) {
                    // PolicyViolationException (SM001) when the driver refuses it, e.g. an unfinished expansion
                    err.println("safemigrate " + way.command + ": expansion " + e.id() + " not "
                            + way.status + ": " + refused.getMessage() + " (SQLSTATE " + refused.getSQLState() + ")");
                    return Main.FAILED_CHECK;
                }
                ExpansionFacts after = Expansions.byId(ExpansionRecords.all(bare, db.stateTable()), e.id());
                String now = after == null ? "missing" : after.status();
                if (!way.status.equals(now)) {
                    err.println("safemigrate " + way.command + ": the statement ran but the record of expansion "
                            + e.id() + " says " + now + ", not " + way.status + ": check the table with"
                            + " 'safemigrate status'");
                    return Main.FAILED_CHECK;
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                out.println("Expansion " + e.id() + " " + way.status + " in " + ms + " ms: "
                        + ("drop-column".equals(e.kind())
                                ? (way == Way.CONTRACT
                                        ? "column " + e.oldName() + " and its archive trigger dropped; its data stays in "
                                                + e.newName()
                                        : "archive " + e.newName() + " and its trigger dropped; column " + e.oldName()
                                                + " is intact")
                                : way == Way.CONTRACT
                                ? "column " + e.oldName() + " and the sync triggers dropped; " + e.newName() + " stays"
                                : "column " + e.newName() + " and the sync triggers dropped; " + e.oldName()
                                        + " is intact"));
            }
            return Main.OK;
        } catch (SQLException e) {
            err.println("safemigrate " + way.command + ": " + Expansions.cannotUse(db, e));
            return Main.DATABASE;
        }
    }

    private static String quote(String identifier) {
        return Identifiers.quote(Dialect.POSTGRESQL, identifier);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
