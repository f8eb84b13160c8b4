package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.Catalog.IndexUse;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.postgres.Exemptions;
import dev.safemigrate.sql.Comments;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t DROP [COLUMN] [IF EXISTS] c} under {@code safemigrate.policy.dropColumn=expand} (or with
 * {@code /* safemigrate:expand *}{@code /}): the column stays, so that running code that still reads or writes
 * it keeps working, and its data is kept in an archive table once the column goes:
 * <ol>
 *   <li>the expansion is recorded (kind {@code drop-column}, new name = the archive table);</li>
 *   <li>the archive table {@code <t>_sm_archive_<c>} in the same schema: the table's primary-key columns and
 *       {@code c}, with the same types, keyed by the primary key;</li>
 *   <li>in one transaction, a trigger function and an {@code AFTER INSERT OR UPDATE OF c, <key>} trigger that
 *       upserts the row's key and {@code c} into the archive, which stays current until the contract;</li>
 *   <li>the existing rows copied in keyset batches: {@code INSERT INTO archive SELECT key, c FROM t ON CONFLICT
 *       DO NOTHING} (the batching engine walks {@code t}'s key; it never overwrites, since the trigger's value
 *       is at least as new as the batch's snapshot, and it writes nothing to {@code t});</li>
 *   <li>{@code c} made nullable when it is NOT NULL without a default (new code's inserts no longer name it),
 *       and the record set to {@code expanded}, atomically.</li>
 * </ol>
 * The contract is the same statement marked {@code /* safemigrate:contract *}{@code /} (or {@code safemigrate
 * contract}): {@link ExpansionEndRule} drops the trigger, its function and {@code c} in one transaction; the
 * archive stays. The statement unmarked again is the expansion's own: resumed while {@code expanding}, nothing
 * to do once {@code expanded} — so a re-run of the migration never drops the column. Rows deleted from {@code
 * t} (and old keys after a key update) stay in the archive: it is a backup, not a mirror.
 *
 * <p>Refused with the reason: no primary key, {@code c} in the primary key, things that depend on {@code c}
 * (views, foreign keys of other tables, …: the plain drop would fail on them too), partitioned or inherited
 * tables, PostgreSQL before 12. Left to the {@code drop-column} policy: CASCADE, several actions, tables no
 * running code can use (temporary, created in this transaction).
 */
public final class DropColumnExpansionRule extends ExpansionRule {
    static final String KIND = "drop-column";

    @Override
    public String reason() {
        return "a dropped column breaks running code that still uses it and its data is gone; expanded, the column"
                + " stays until the contract and its data is kept in an archive table";
    }

    /** The archive table's name: {@code <t>_sm_archive_<c>}, or cut and made unique by a hash when too long. */
    static String archiveTable(String table, String column) {
        String name = table + "_sm_archive_" + column;
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= CopyNames.MAX_BYTES) {
            return name;
        }
        String hash = CopyNames.hash(table, column);
        return CopyNames.truncate(name, CopyNames.MAX_BYTES - hash.length() - 1) + "_" + hash;
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return Decision.AS_WRITTEN;
        }
        ColumnActions.Drop drop = ColumnActions.drop(statement);
        if (drop == null) {
            return Decision.AS_WRITTEN;
        }
        boolean ending = Comments.hasDirective(statement, "contract") || Comments.hasDirective(statement, "rollback");
        Catalog catalog = context.catalog();
        TableFacts table = catalog.table(drop.table());
        if (!Exemptions.visibleToApplications(table, drop.table(), context)) {
            return Decision.AS_WRITTEN; // no running code can use it: the plain drop is safe (or PostgreSQL reports)
        }
        QualifiedName quoted = new QualifiedName(table.schema(), table.name(),
                Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name()));
        ExpansionFacts same = null;
        for (ExpansionFacts e : catalog.expansions(quoted)) {
            if (KIND.equals(e.kind()) && e.oldName().equals(drop.column())) {
                same = e;
            }
        }
        String subject = "column " + drop.column() + " of table " + table.schema() + "." + table.name();
        if (ending) {
            // ExpansionEndRule ends a pending expansion before this rule; here there is none.
            if (catalog.columnUse(quoted, drop.column()) == null) {
                return Decision.AS_WRITTEN; // gone already: PostgreSQL reports it (or IF EXISTS does nothing)
            }
            return refuse(statement, subject, List.of("there is no pending drop-column expansion of it to contract or"
                    + " roll back (safemigrate status lists them); the plain drop would lose its data"));
        }
        // A pending expansion of this drop is resumed (or done) whatever the policy says now: dropping the
        // column as written would make its trigger fail every write.
        if (same == null && !ExpandRequest.requested(statement, context, Operation.DROP_COLUMN)) {
            return Decision.AS_WRITTEN;
        }
        if (same != null && ExpansionRecordSql.EXPANDED.equals(same.status())) {
            return Decision.rewrite(new RewritePlan(this, statement, List.of(), "expansion " + same.id() + " ("
                    + subject + ", archived in " + same.newName() + ") is done already: nothing to do; contract it"
                    + " with " + ExpansionStatements.contract(same) + ", or safemigrate contract " + same.id()));
        }
        if (catalog.majorVersion() < 12) {
            return refuse(statement, subject, List.of("it needs PostgreSQL 12 or later"));
        }
        if (table.kind() == 'p') {
            return refuse(statement, subject, List.of("the table is partitioned"));
        }
        ColumnUse old = catalog.columnUse(quoted, drop.column());
        if (old == null) {
            return same == null ? Decision.AS_WRITTEN : refuse(statement, subject, List.of("expansion " + same.id()
                    + " is recorded but the column is gone: roll it back (safemigrate rollback " + same.id() + ")"));
        }
        String archive = archiveTable(table.name(), drop.column());
        List<String> key = primaryKey(catalog.constraints(quoted));
        List<ColumnUse> keyColumns = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        if (key.isEmpty()) {
            blockers.add("the table has no primary key (the archive is keyed by it, the copy walks it in batches)");
        }
        if (key.contains(drop.column()) || old.indexes().stream().anyMatch(IndexUse::primary)) {
            blockers.add("it is in the primary key");
        }
        if (old.inheritance()) {
            blockers.add("the table has inheritance parents or children");
        }
        for (String r : old.referencedBy()) {
            blockers.add("it is referenced by " + r + " (the plain drop would fail on it too)");
        }
        for (String d : old.dependents()) {
            blockers.add("it is used by " + d + " (the plain drop would fail on it too)");
        }
        if (same == null && catalog.nameTaken(table.schema(), archive)) {
            blockers.add("the archive table's name " + archive + " is taken");
        }
        if (blockers.isEmpty()) {
            for (String k : key) {
                ColumnUse use = catalog.columnUse(quoted, k);
                if (use == null) {
                    blockers.add("primary-key column " + k + " could not be read");
                } else {
                    keyColumns.add(use);
                }
            }
        }
        if (!blockers.isEmpty()) {
            return refuse(statement, subject, blockers);
        }
        Plan plan = new Plan(context, statement, old, drop.column(), archive, key, keyColumns);
        return Decision.rewrite(new RewritePlan(this, statement, plan.steps(same == null),
                (same == null ? "" : "resuming expansion " + same.id() + ": ") + "expanding the drop of " + subject
                        + " instead of dropping it: its data archived in " + plan.archive + " (kept current by a"
                        + " trigger, the existing rows copied in batches)" + (plan.dropsNotNull ? ", NOT NULL dropped"
                        + " so that inserts without it work" : "") + "; the column stays for running code until you"
                        + " contract it (" + ExpansionStatements.dropContract(old.table(), drop.column())
                        + ", or safemigrate contract)"));
    }

    /** The columns of the primary key, folded, from its definition ({@code PRIMARY KEY (a, "B")}); else empty. */
    static List<String> primaryKey(List<ConstraintFacts> constraints) {
        for (ConstraintFacts k : constraints) {
            if (k.type() != 'p') {
                continue;
            }
            SqlCursor c = SqlCursor.over(k.definition(), Dialect.POSTGRESQL);
            if (!c.isWords(0, "PRIMARY", "KEY") || !c.isPunct(2, '(')) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            int close = c.closingParen(2);
            for (int j = 3; j < close; j += 2) {
                if (!c.isName(j) || !(c.isPunct(j + 1, ',') || j + 1 == close)) {
                    return List.of(); // not a plain column list: no archive key the driver understands
                }
                out.add(c.folded(j));
            }
            return out;
        }
        return List.of();
    }

    private Decision refuse(SqlStatement statement, String subject, List<String> reasons) {
        return new Decision.Refused(this, "safemigrate refused " + LogText.shorten(statement.text().strip())
                + " — nothing was sent to the server. [expand] " + subject + " cannot be dropped by expansion: "
                + String.join("; ", reasons) + ". Either remove what is listed, or drop it as written — running code"
                + " that still uses it fails and its data is gone — with /* safemigrate:allow "
                + Operation.DROP_COLUMN.rule + " */ in the statement.");
    }

    private static String quote(String identifier) {
        return Identifiers.quote(Dialect.POSTGRESQL, identifier);
    }

    /** The steps of one drop's expansion and its contract and rollback scripts. */
    private static final class Plan {
        private final RuleContext context;
        private final SqlStatement statement;
        private final ColumnUse old;
        private final String column;
        private final String archiveName;
        private final String archive;
        private final List<String> key;
        private final List<ColumnUse> keyColumns;
        private final String function;
        private final String trigger;
        private final boolean dropsNotNull;

        Plan(RuleContext context, SqlStatement statement, ColumnUse old, String column, String archiveName,
             List<String> key, List<ColumnUse> keyColumns) {
            this.context = context;
            this.statement = statement;
            this.old = old;
            this.column = column;
            this.archiveName = archiveName;
            this.archive = Identifiers.quote(Dialect.POSTGRESQL, old.schema(), archiveName);
            this.key = key;
            this.keyColumns = keyColumns;
            String hash = CopyNames.hash(old.schema(), old.tableName(), column, KIND);
            this.function = Identifiers.quote(Dialect.POSTGRESQL, old.schema(), "safemigrate_archive_" + hash);
            this.trigger = "safemigrate_" + hash + "_archive";
            this.dropsNotNull = old.notNull() && old.defaultExpression() == null;
        }

        List<Step> steps(boolean record) {
            String t = old.table();
            String c = quote(column);
            String keys = String.join(", ", key.stream().map(DropColumnExpansionRule::quote).toList());
            String stateTable = context.settings().expandStateTable();
            ExpansionRecordSql.Identity id = new ExpansionRecordSql.Identity(KIND, old.schema(), old.tableName(),
                    column, archiveName);
            String dropTriggers = ExpansionScripts.dropTriggers(t, function, trigger);
            List<Step> steps = new ArrayList<>();
            if (record) {
                String contract = dropTriggers + ";\nALTER TABLE " + t + " DROP COLUMN " + c;
                // NOT NULL is not restored: new code may have inserted rows without the column, and SET NOT NULL
                // would scan the table under ACCESS EXCLUSIVE. The rollback's summary says so.
                String rollback = dropTriggers + ";\nDROP TABLE IF EXISTS " + archive;
                String objects = "table " + archive + "; function " + function + "; trigger " + trigger
                        + (dropsNotNull ? "; NOT NULL of " + column + " dropped" : "");
                steps.add(Step.locking(ExpansionRecordSql.create(stateTable) + ";\n" + ExpansionRecordSql.insert(
                        stateTable, id, statement.text().strip(), objects, contract, rollback)));
            }
            StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(archive).append(" (");
            for (int k = 0; k < key.size(); k++) {
                create.append(quote(key.get(k))).append(' ').append(typeOf(keyColumns.get(k))).append(" NOT NULL, ");
            }
            create.append(c).append(' ').append(typeOf(old)).append(", PRIMARY KEY (").append(keys).append("))");
            create.append(";\nCOMMENT ON TABLE ").append(archive).append(" IS ").append(RenameColumnExpansionRule
                    .literal("safemigrate: the data of column " + column + " of " + old.schema() + "."
                            + old.tableName() + ", kept when it was dropped"));
            steps.add(Step.locking(create.toString()));
            String newKeys = String.join(", ", key.stream().map(k -> "NEW." + quote(k)).toList());
            steps.add(Step.locking("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $safemigrate$\nBEGIN\n  -- safemigrate: keeps " + archive + " current until the contract\n"
                    + "  INSERT INTO " + archive + " (" + keys + ", " + c + ") VALUES (" + newKeys + ", NEW." + c
                    + ") ON CONFLICT (" + keys + ") DO UPDATE SET " + c + " = EXCLUDED." + c + ";\n  RETURN NULL;\nEND\n"
                    + "$safemigrate$;\nDROP TRIGGER IF EXISTS " + quote(trigger) + " ON " + t + ";\nCREATE TRIGGER "
                    + quote(trigger) + " AFTER INSERT OR UPDATE OF " + c + ", " + keys + " ON " + t
                    + " FOR EACH ROW EXECUTE FUNCTION " + function + "()"));
            // DO NOTHING: a row the trigger wrote is at least as new as this batch's snapshot of it.
            steps.add(Step.backfill("INSERT INTO " + archive + " (" + keys + ", " + c + ") SELECT " + keys + ", " + c
                    + " FROM " + t + " ON CONFLICT (" + keys + ") DO NOTHING"));
            String last = ExpansionRecordSql.markExpanded(stateTable, id);
            if (dropsNotNull) {
                last = "ALTER TABLE " + t + " ALTER COLUMN " + c + " DROP NOT NULL;\n" + last;
            }
            steps.add(Step.locking(last));
            return steps;
        }

        private static String typeOf(ColumnUse use) {
            return use.formattedType() + (use.collation() == null ? "" : " COLLATE " + use.collation());
        }
    }
}
