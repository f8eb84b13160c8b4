package dev.safemigrate.cli.expand;

import dev.safemigrate.cli.Main;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.rules.postgres.expand.ExpansionStatements;
import dev.safemigrate.dialect.postgres.ExpansionRecords;
import dev.safemigrate.rules.postgres.expand.ExpansionRecordSql;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Ends expansions, contract or rollback, the way a migration would: by sending the statement that means it
 * ({@code DROP COLUMN <old>}, or renaming the new column back) through the safemigrate driver, whose
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
