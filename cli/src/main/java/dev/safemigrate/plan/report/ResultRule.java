package dev.safemigrate.plan.report;

import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.Verdict;
import dev.safemigrate.plan.Work;
import dev.safemigrate.plan.lint.Advice;
import dev.safemigrate.plan.lint.LintRule;
import dev.safemigrate.plan.lint.Linter;
import dev.safemigrate.rules.Operation;

import java.util.Map;

/**
 * The rule a CI report ({@code --format sarif}, {@code --format github}) files a risky statement under, and
 * that rule's descriptions. A statement's rule is the policy operation a finding names (it is what made the
 * statement risky: a warned {@code drop-column} inside an {@code online-ddl} rewrite), else the rule that
 * decided the statement, else a generic id for risks no rule names. The ids are listed in docs/plan.md.
 */
final class ResultRule {
    /** Refused by the driver, with no rule or operation named. */
    static final String REFUSED = "refused";
    /** The verdict needs a fact only the live catalog has. */
    static final String NEEDS_URL = "needs-url";
    /** Blocks reads or writes of a big table for the whole work, and no rule has a safe form for it. */
    static final String BLOCKING_LOCK = "blocking-lock";
    /** A statement that changes rows in one long transaction the driver cannot batch. */
    static final String LONG_TRANSACTION = "long-transaction";
    /** Any other warning (kept so that every risky statement has a rule). */
    static final String WARNING = "plan-warning";

    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry("create-index", "CREATE INDEX, which the driver builds CONCURRENTLY"),
            Map.entry("drop-index", "DROP INDEX, which the driver runs CONCURRENTLY"),
            Map.entry("reindex", "REINDEX, which the driver runs CONCURRENTLY"),
            Map.entry("add-foreign-key", "ADD FOREIGN KEY, which the driver adds NOT VALID and then validates"),
            Map.entry("add-check", "ADD CHECK, which the driver adds NOT VALID and then validates"),
            Map.entry("set-not-null", "SET NOT NULL, which the driver proves with a validated CHECK first"),
            Map.entry("add-unique", "ADD UNIQUE, which the driver adds on an index built CONCURRENTLY"),
            Map.entry("add-primary-key", "ADD PRIMARY KEY, which the driver adds on an index built CONCURRENTLY"),
            Map.entry("volatile-default-backfill",
                    "ADD COLUMN with a volatile default, which the driver adds, defaults and backfills in batches"),
            Map.entry("refresh-materialized-view", "REFRESH MATERIALIZED VIEW, which the driver runs CONCURRENTLY"),
            Map.entry("online-ddl", "MySQL/MariaDB ALTER TABLE, which the driver runs in an online form"),
            Map.entry("copying-alter", "MySQL/MariaDB ALTER TABLE that makes the server copy the table"),
            Map.entry("rename-column", "Renaming a column breaks running application code"),
            Map.entry("rename-table", "Renaming a table breaks running application code"),
            Map.entry("drop-column", "Dropping a column breaks running application code and loses its data"),
            Map.entry("drop-table", "Dropping a table breaks running application code and loses its data"),
            Map.entry("truncate", "TRUNCATE removes every row at once under an ACCESS EXCLUSIVE lock"),
            Map.entry("vacuum-full", "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock"),
            Map.entry("cluster", "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock"),
            Map.entry("exclusion-constraint", "ADD … EXCLUDE builds its index under an ACCESS EXCLUSIVE lock"),
            Map.entry("alter-column-type", "A type change that is not binary-compatible rewrites the table"),
            Map.entry("volatile-default", "ADD COLUMN with a volatile default rewrites the table"),
            Map.entry("not-null-rebuild", "MySQL/MariaDB rebuild the whole table to make a column NOT NULL"),
            Map.entry(REFUSED, "The driver refuses the statement: the migration stops at it"),
            Map.entry(NEEDS_URL, "The verdict depends on a fact only a live catalog has: plan with --url"),
            Map.entry(BLOCKING_LOCK,
                    "Blocks reads or writes of a table for as long as work on the whole table takes"),
            Map.entry(LONG_TRANSACTION, "One long transaction holds a row lock on every row it changes"),
            Map.entry(WARNING, "Worth a look before the migration runs"));

    private ResultRule() {
    }

    /** The rule id a risky statement is reported under. */
    static String idOf(StatementPlan s) {
        if (!s.findings().isEmpty()) {
            return s.findings().get(0).rule();
        }
        for (Advice a : s.advice()) {
            if (a.risk() == s.risk()) {
                return a.rule(); // the lint advice is what made it risky
            }
        }
        if (s.rule() != null) {
            return s.rule();
        }
        if (s.verdict() == Verdict.REFUSED) {
            return REFUSED;
        }
        if (s.verdict() == Verdict.NEEDS_URL) {
            return NEEDS_URL;
        }
        if (s.risk() == Risk.DANGER) {
            return BLOCKING_LOCK;
        }
        return s.lock().work() == Work.ROWS ? LONG_TRANSACTION : WARNING;
    }

    static String shortDescription(String id) {
        for (LintRule rule : Linter.rules()) {
            if (rule.name().equals(id)) {
                return rule.description() + " (lint; squawk: " + rule.squawk() + ")";
            }
        }
        return SHORT.getOrDefault(id, "safemigrate rule " + id);
    }

    /** For a policy operation the risk its message names; else the short description. */
    static String fullDescription(String id) {
        Operation op = operation(id);
        return op == null ? shortDescription(id) + "." : capitalized(op.risk) + ".";
    }

    /** Where to read more, and for a policy operation its expand/contract recipe. */
    static String help(String id) {
        Operation op = operation(id);
        String docs = "See docs/rules.md (the rules and policies) and docs/plan.md (risk levels).";
        return op == null ? docs : "Safe way: " + op.recipe + ". Decided by the setting " + op.setting.key()
                + "; one statement can be allowed with the comment /* safemigrate:allow " + id + " */. " + docs;
    }

    private static Operation operation(String id) {
        for (Operation op : Operation.values()) {
            if (op.rule.equals(id)) {
                return op;
            }
        }
        return null;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
