package dev.safemigrate.plan.lint;

import dev.safemigrate.plan.Risk;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.util.ArrayList;
import java.util.List;

/**
 * squawk's prefer-robust-stmts: outside a transaction a failure leaves the statements before it done, so each must
 * survive a re-run of the file. Flags the statements that have an {@code IF [NOT] EXISTS} form and do not use it;
 * those that have none ({@code ADD CONSTRAINT}, {@code VALIDATE}) are left alone, there is nothing to write instead.
 */
final class RobustStatements {
    private RobustStatements() {
    }

    /** The advice for {@code s}, run outside any transaction; {@code null} when it would survive a re-run. */
    static Advice check(SqlStatement s, boolean created) {
        SqlCursor c = s.tokens();
        List<String> missing = new ArrayList<>();
        switch (s.ddlKind()) {
            case CREATE_TABLE -> {
                int table = c.findWord(0, Math.min(c.size(), 6), "TABLE");
                boolean temporary = table > 0
                        && (c.findWord(0, table, "TEMP") >= 0 || c.findWord(0, table, "TEMPORARY") >= 0);
                if (table > 0 && !temporary && !c.isWords(table + 1, "IF", "NOT", "EXISTS")) {
                    missing.add("CREATE TABLE IF NOT EXISTS");
                }
            }
            case CREATE_INDEX -> {
                // an unnamed index is created again under a new name: a re-run does not fail on it
                if (s.index() != null && !guarded(c, "IF", "NOT", "EXISTS")) {
                    missing.add("CREATE INDEX IF NOT EXISTS");
                }
            }
            case DROP_INDEX, DROP_TABLE -> {
                if (!guarded(c, "IF", "EXISTS")) {
                    missing.add((s.ddlKind() == DdlKind.DROP_INDEX ? "DROP INDEX" : "DROP TABLE") + " IF EXISTS");
                }
            }
            case DROP_OTHER -> {
                if (c.isWord(1, "TYPE") && !c.isWords(2, "IF", "EXISTS")) {
                    missing.add("DROP TYPE IF EXISTS");
                }
            }
            case ALTER_TABLE -> {
                AlterTable alter = AlterTable.of(s);
                if (alter != null && !created) {
                    actions(c, alter, missing);
                }
            }
            default -> {
            }
        }
        return missing.isEmpty() ? null : new Advice(Linter.PREFER_ROBUST, Risk.WARNING, "this file does not run in"
                + " a transaction, so a failure further down leaves this done and a re-run fails here; write "
                + String.join(", ", missing));
    }

    private static void actions(SqlCursor c, AlterTable alter, List<String> missing) {
        for (AlterTable.Action a : alter.actions()) {
            int i = a.from();
            if (c.isWord(i, "ADD")) {
                boolean column = c.isWord(i + 1, "COLUMN");
                int at = column ? i + 2 : i + 1;
                if ((column || !c.isAnyWord(at, ColumnDefinitions.NOT_COLUMNS))
                        && !c.isWords(at, "IF", "NOT", "EXISTS")) {
                    missing.add("ADD COLUMN IF NOT EXISTS");
                }
            } else if (c.isWord(i, "DROP")) {
                boolean constraint = c.isWord(i + 1, "CONSTRAINT");
                int at = constraint || c.isWord(i + 1, "COLUMN") ? i + 2 : i + 1;
                if (!c.isWords(at, "IF", "EXISTS")) {
                    missing.add(constraint ? "DROP CONSTRAINT IF EXISTS" : "DROP COLUMN IF EXISTS");
                }
            }
        }
    }

    /** An IF [NOT] EXISTS among the first tokens (after CREATE [UNIQUE] INDEX [CONCURRENTLY], DROP …). */
    private static boolean guarded(SqlCursor c, String... words) {
        for (int k = 1; k < Math.min(c.size(), 6); k++) {
            if (c.isWords(k, words)) {
                return true;
            }
        }
        return false;
    }
}
