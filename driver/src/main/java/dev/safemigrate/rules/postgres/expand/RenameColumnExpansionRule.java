package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.observe.LogText;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.postgres.Exemptions;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.Literals;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t RENAME [COLUMN] a TO b} under {@code safemigrate.policy.renameColumn=expand} (or with
 * {@code /* safemigrate:expand *}{@code /}): instead of the rename, which breaks the running code that still
 * uses {@code a} the moment it commits, the expand half of expand/contract, after which old code (writing
 * {@code a}) and new code (writing {@code b}) both work:
 * <ol>
 *   <li>the expansion is recorded ({@code safemigrate.expand.stateTable}, status {@code expanding});</li>
 *   <li>{@code ADD COLUMN b} of {@code a}'s type and collation, nullable, no default (instant);</li>
 *   <li>in one transaction, a trigger function and three triggers that keep both in step: on INSERT the
 *       new column wins when it was given, else it is copied from the old one; on {@code UPDATE OF a} the new
 *       column follows, on {@code UPDATE OF b} the old one does;</li>
 *   <li>{@code b} backfilled from {@code a} in keyset batches (the batching engine);</li>
 *   <li>{@code a}'s CHECK constraints and foreign keys copied onto {@code b} NOT VALID, then validated; its NOT
 *       NULL through a validated check; its indexes (unique ones too) built CONCURRENTLY on {@code b};</li>
 *   <li>the record set to {@code expanded}.</li>
 * </ol>
 * The contract ({@link ExpansionEndRule}: a later {@code ALTER TABLE t DROP COLUMN a}, or {@code safemigrate
 * contract}) drops the triggers and {@code a}, gives {@code b} {@code a}'s default and the copies their
 * original names — the schema the plain rename would have made. Nothing is contracted automatically.
 *
 * <p>Every step is idempotent and the plan is computed from the catalog, so a re-run of the statement after
 * a crash anywhere resumes where it stopped. What cannot be carried over to a new column (views, rules,
 * policies, generated columns, triggers, publications, foreign keys that reference the column, the primary
 * key, exclusion or deferrable constraints, identity, column privileges, inheritance) is refused with the
 * list: nothing is sent. A table below {@code safemigrate.rewrite.minRows} (without the comment), a table
 * created in this transaction or a temporary one: left to the {@code rename-column} policy (as written, warned).
 */
public final class RenameColumnExpansionRule extends ExpansionRule {
    static final String KIND = "rename-column";

    @Override
    public String reason() {
        return "a rename breaks running code the moment it commits; expanded, the old and the new name both work"
                + " until the contract";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return Decision.AS_WRITTEN;
        }
        ColumnActions.Rename rename = ColumnActions.rename(statement);
        if (rename == null) {
            return Decision.AS_WRITTEN;
        }
        boolean asked = ExpandRequest.inComment(statement);
        if (!ExpandRequest.requested(statement, context, Operation.RENAME_COLUMN)) {
            return Decision.AS_WRITTEN;
        }
        Catalog catalog = context.catalog();
        TableFacts table = catalog.table(rename.table());
        if (!Exemptions.visibleToApplications(table, rename.table(), context)
                || !asked && table.kind() == 'r' && table.estimatedRows() < context.settings().rewriteMinRows()) {
            return Decision.AS_WRITTEN; // no running code can be using it, or small: the policy warns
        }
        String subject = "column " + rename.from() + " of table " + table.schema() + "." + table.name();
        if (catalog.majorVersion() < 12) {
            return refuse(statement, subject, List.of("it needs PostgreSQL 12 or later (SET NOT NULL from a validated"
                    + " check, generated-column facts)"));
        }
        if (table.kind() == 'p') {
            return refuse(statement, subject, List.of("the table is partitioned"));
        }
        QualifiedName quoted = new QualifiedName(table.schema(), table.name(),
                Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name()));
        ExpansionFacts same = null;
        for (ExpansionFacts e : catalog.expansions(quoted)) {
            boolean sameChange = KIND.equals(e.kind()) && e.oldName().equals(rename.from())
                    && e.newName().equals(rename.to());
            if (sameChange) {
                same = e;
            } else if (List.of(e.oldName(), e.newName()).contains(rename.from())
                    || List.of(e.oldName(), e.newName()).contains(rename.to())) {
                return refuse(statement, subject, List.of("expansion " + e.id() + " (" + e.kind() + " of " + e.oldName()
                        + " to " + e.newName() + ", " + e.status() + ") is not finished on these columns: contract or"
                        + " roll it back first"));
            }
        }
        ColumnUse old = catalog.columnUse(quoted, rename.from());
        ColumnUse neu = catalog.columnUse(quoted, rename.to());
        if (old == null) {
            if (same != null) {
                return refuse(statement, subject, List.of("expansion " + same.id() + " is recorded but column "
                        + rename.from() + " is gone: roll it back (safemigrate rollback " + same.id() + ")"));
            }
            return Decision.AS_WRITTEN; // PostgreSQL reports the missing column
        }
        if (neu != null && same == null) {
            return Decision.AS_WRITTEN; // PostgreSQL reports that the column exists
        }
        if (same != null && ExpansionRecordSql.EXPANDED.equals(same.status())) {
            return Decision.rewrite(new RewritePlan(this, statement, List.of(), "expansion " + same.id() + " ("
                    + subject + " renamed to " + rename.to() + ") is done already: nothing to do; contract it with"
                    + " ALTER TABLE " + old.table() + " DROP COLUMN " + quote(rename.from())));
        }
        boolean hasPrimaryKey = catalog.constraints(quoted).stream().anyMatch(k -> k.type() == 'p');
        RenameColumnPlan plan = new RenameColumnPlan(context, old, neu, rename.from(), rename.to(), statement);
        List<String> blockers = plan.blockers(hasPrimaryKey);
        if (!blockers.isEmpty()) {
            return refuse(statement, subject, blockers);
        }
        return Decision.rewrite(new RewritePlan(this, statement, plan.steps(same == null), plan.summary(same)));
    }

    private Decision refuse(SqlStatement statement, String subject, List<String> reasons) {
        return new Decision.Refused(this, "safemigrate refused " + LogText.shorten(statement.text().strip())
                + " — nothing was sent to the server. [expand] " + subject + " cannot be renamed by expansion: "
                + String.join("; ", reasons) + ". Either remove what is listed (and recreate it after the contract),"
                + " or rename it as written — running code that uses the old name fails once it commits — with"
                + " /* safemigrate:allow " + Operation.RENAME_COLUMN.rule + " */ in the statement.");
    }

    static String quote(String identifier) {
        return Identifiers.quote(Dialect.POSTGRESQL, identifier);
    }

    static String literal(String s) {
        return Literals.postgres(s);
    }

    /** The steps of one rename's expansion and its contract and rollback scripts, from the catalog's facts. */
    static final class RenameColumnPlan {
        private final RuleContext context;
        private final ColumnUse old;
        private final ColumnUse neu;
        private final String from;
        private final String to;
        private final SqlStatement statement;
        private final String table;
        private final String function;
        private final String[] triggers;
        private final ColumnCopies copies;

        RenameColumnPlan(RuleContext context, ColumnUse old, ColumnUse neu, String from, String to,
                         SqlStatement statement) throws SQLException {
            this.context = context;
            this.old = old;
            this.neu = neu;
            this.from = from;
            this.to = to;
            this.statement = statement;
            this.table = old.table();
            String hash = CopyNames.hash(old.schema(), old.tableName(), from, to);
            this.function = Identifiers.quote(Dialect.POSTGRESQL, old.schema(), "safemigrate_sync_" + hash);
            this.triggers = new String[] {"safemigrate_" + hash + "_ins", "safemigrate_" + hash + "_new",
                    "safemigrate_" + hash + "_old"};
            this.copies = new ColumnCopies(context, old, neu, from, to, hash);
        }

        List<String> blockers(boolean hasPrimaryKey) {
            return copies.blockers(hasPrimaryKey);
        }

        List<Step> steps(boolean record) {
            String stateTable = context.settings().expandStateTable();
            ExpansionRecordSql.Identity id = new ExpansionRecordSql.Identity(KIND, old.schema(), old.tableName(), from, to);
            List<Step> steps = new ArrayList<>();
            String b = quote(to);
            String a = quote(from);
            if (record) {
                steps.add(Step.locking(ExpansionRecordSql.create(stateTable) + ";\n" + ExpansionRecordSql.insert(
                        stateTable, id, statement.text().strip(), objects(), contractSql(), rollbackSql())));
            }
            if (neu == null) {
                String add = "ALTER TABLE " + table + " ADD COLUMN " + b + " " + old.formattedType()
                        + (old.collation() == null ? "" : " COLLATE " + old.collation());
                if (old.comment() != null) {
                    add += ";\nCOMMENT ON COLUMN " + table + "." + b + " IS " + literal(old.comment());
                }
                steps.add(Step.locking(add));
            }
            steps.add(Step.locking(triggerSql()));
            steps.add(Step.backfill("UPDATE " + table + " SET " + b + " = " + a + " WHERE " + b + " IS NULL AND " + a
                    + " IS NOT NULL"));
            steps.addAll(copies.constraintSteps());
            steps.addAll(copies.notNullSteps());
            steps.addAll(copies.indexSteps());
            steps.add(Step.locking(ExpansionRecordSql.markExpanded(stateTable, id)));
            return steps;
        }

        String summary(ExpansionFacts resumed) {
            return (resumed == null ? "" : "resuming expansion " + resumed.id() + ": ") + "expanding the rename of "
                    + from + " to " + to + " on " + table + " instead of renaming: adding " + quote(to)
                    + ", keeping both in step with triggers, backfilling in batches, copying "
                    + copies.indexCount() + " index(es) and " + copies.constraintCount() + " constraint(s)"
                    + (old.notNull() ? " and NOT NULL" : "") + "; old and new code both work until you contract it"
                    + " (ALTER TABLE " + table + " DROP COLUMN " + quote(from) + ", or safemigrate contract)";
        }

        private String triggerSql() {
            String a = quote(from);
            String b = quote(to);
            StringBuilder s = new StringBuilder();
            s.append("CREATE OR REPLACE FUNCTION ").append(function).append("() RETURNS trigger LANGUAGE plpgsql AS")
                    .append(" $safemigrate$\nBEGIN\n")
                    .append("  -- safemigrate: keeps ").append(a).append(" and ").append(b).append(" in step until the")
                    .append(" contract\n")
                    .append("  IF TG_OP = 'INSERT' THEN\n")
                    .append("    IF NEW.").append(b).append(" IS NULL THEN NEW.").append(b).append(" := NEW.").append(a)
                    .append("; ELSE NEW.").append(a).append(" := NEW.").append(b).append("; END IF;\n")
                    .append("  ELSIF TG_ARGV[0] = 'new' THEN\n")
                    .append("    NEW.").append(a).append(" := NEW.").append(b).append(";\n")
                    .append("  ELSE\n")
                    .append("    NEW.").append(b).append(" := NEW.").append(a).append(";\n")
                    .append("  END IF;\n  RETURN NEW;\nEND\n$safemigrate$");
            for (String t : triggers) {
                s.append(";\nDROP TRIGGER IF EXISTS ").append(quote(t)).append(" ON ").append(table);
            }
            s.append(";\nCREATE TRIGGER ").append(quote(triggers[0])).append(" BEFORE INSERT ON ").append(table)
                    .append(" FOR EACH ROW EXECUTE FUNCTION ").append(function).append("()");
            // Both columns in one UPDATE's SET list: the _new trigger fires first (triggers fire in name order),
            // then _old copies the result back: the new name wins.
            s.append(";\nCREATE TRIGGER ").append(quote(triggers[1])).append(" BEFORE UPDATE OF ").append(b)
                    .append(" ON ").append(table).append(" FOR EACH ROW EXECUTE FUNCTION ").append(function)
                    .append("('new')");
            s.append(";\nCREATE TRIGGER ").append(quote(triggers[2])).append(" BEFORE UPDATE OF ").append(a)
                    .append(" ON ").append(table).append(" FOR EACH ROW EXECUTE FUNCTION ").append(function)
                    .append("('old')");
            return s.toString();
        }

        private String dropTriggers() {
            return ExpansionScripts.dropTriggers(table, function, triggers);
        }

        private String contractSql() {
            StringBuilder s = new StringBuilder(dropTriggers());
            if (old.ownedSequence() != null) {
                // a serial: its sequence would go with the old column
                s.append(";\nALTER SEQUENCE ").append(old.ownedSequence()).append(" OWNED BY ").append(table).append('.')
                        .append(quote(to));
            }
            s.append(";\nALTER TABLE ").append(table).append(" DROP COLUMN ").append(quote(from));
            if (old.defaultExpression() != null) {
                s.append(";\nALTER TABLE ").append(table).append(" ALTER COLUMN ").append(quote(to))
                        .append(" SET DEFAULT ").append(old.defaultExpression());
            }
            return s.append(copies.renamesBack()).toString();
        }

        private String rollbackSql() {
            return dropTriggers() + ";\nALTER TABLE " + table + " DROP COLUMN IF EXISTS " + quote(to);
        }

        private String objects() {
            List<String> names = new ArrayList<>();
            names.add("column " + to);
            names.add("function " + function);
            names.add("triggers " + String.join(", ", triggers));
            names.addAll(copies.described());
            return String.join("; ", names);
        }
    }
}
