package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.dialect.Catalog.TableUse;
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
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ALTER TABLE t RENAME TO u} under {@code safemigrate.policy.renameTable=expand} (or with
 * {@code /* safemigrate:expand *}{@code /}): in one transaction, under the lock timeout, the rename and a view
 * {@code t} ({@code SELECT * FROM u}: simple, so PostgreSQL makes it updatable — old code's INSERT, UPDATE,
 * DELETE, ON CONFLICT and RETURNING go through to {@code u}, with {@code u}'s defaults and triggers) with the
 * table's grants, and the record (status {@code expanded} at once: nothing is left half-done). The contract is
 * {@code DROP VIEW t} (or {@code safemigrate contract}); renaming {@code u} back to {@code t} rolls it back.
 *
 * <p>Refused: a table with row-level security (a view runs with its owner's rights and would bypass the
 * policies) or in a publication (subscribers match tables by name).
 */
public final class RenameTableExpansionRule extends ExpansionRule {
    static final String KIND = "rename-table";

    @Override
    public String reason() {
        return "a table rename breaks running code the moment it commits; with a view under the old name, old and new"
                + " code both work until the contract";
    }

    @Override
    public Decision decide(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE) {
            return Decision.AS_WRITTEN;
        }
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || alter.actions().size() != 1 || alter.only() || alter.star()) {
            return Decision.AS_WRITTEN;
        }
        SqlCursor c = alter.tokens();
        int f = alter.actions().get(0).from();
        if (!(c.isWord(f, "RENAME") && c.isWord(f + 1, "TO") && c.isName(f + 2) && f + 3 == alter.actions().get(0).to())) {
            return Decision.AS_WRITTEN;
        }
        String to = c.folded(f + 2);
        if (!ExpandRequest.requested(statement, context, Operation.RENAME_TABLE)) {
            return Decision.AS_WRITTEN;
        }
        Catalog catalog = context.catalog();
        for (ExpansionFacts e : catalog.expansions(alter.table())) {
            if (KIND.equals(e.kind()) && e.oldName().equals(alter.table().name()) && e.newName().equals(to)) {
                return Decision.rewrite(new RewritePlan(this, statement, List.of(), "expansion " + e.id() + " (table "
                        + e.oldName() + " renamed to " + to + ", a view under the old name) is done already: nothing to"
                        + " do; contract it with DROP VIEW " + Identifiers.quote(Dialect.POSTGRESQL, e.schema(), e.oldName())));
            }
        }
        TableFacts table = catalog.table(alter.table());
        if (!Exemptions.visibleToApplications(table, alter.table(), context)) {
            return Decision.AS_WRITTEN;
        }
        String subject = "table " + table.schema() + "." + table.name();
        QualifiedName quoted = new QualifiedName(table.schema(), table.name(),
                Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name()));
        List<String> blockers = new ArrayList<>();
        for (ExpansionFacts e : catalog.expansions(quoted)) {
            blockers.add("expansion " + e.id() + " (" + e.kind() + ", " + e.status() + ") of the table is not finished:"
                    + " contract or roll it back first");
        }
        TableUse use = catalog.tableUse(quoted);
        if (use == null) {
            return Decision.AS_WRITTEN;
        }
        if (use.rowSecurity()) {
            blockers.add("it has row-level security, which a view (running with its owner's rights) would bypass");
        }
        if (!use.publications().isEmpty()) {
            blockers.add("it is replicated by publication(s) " + String.join(", ", use.publications())
                    + " (subscribers match tables by name)");
        }
        if (!blockers.isEmpty()) {
            return new Decision.Refused(this, "safemigrate refused " + LogText.shorten(statement.text().strip())
                    + " — nothing was sent to the server. [expand] " + subject + " cannot be renamed by expansion: "
                    + String.join("; ", blockers) + ". Rename it as written — running code that uses the old name"
                    + " fails once it commits — with /* safemigrate:allow " + Operation.RENAME_TABLE.rule
                    + " */ in the statement.");
        }
        String oldTable = quoted.sql();
        String newTable = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), to);
        String stateTable = context.settings().expandStateTable();
        ExpansionRecordSql.Identity id = new ExpansionRecordSql.Identity(KIND, table.schema(), table.name(),
                table.name(), to);
        String contract = "DROP VIEW " + oldTable;
        String rollback = "DROP VIEW " + oldTable + ";\nALTER TABLE " + newTable + " RENAME TO "
                + Identifiers.quote(Dialect.POSTGRESQL, table.name());
        // The rename first: the lock it takes is the one the step is known by (plan, logs).
        StringBuilder sql = new StringBuilder("ALTER TABLE ").append(oldTable).append(" RENAME TO ")
                .append(Identifiers.quote(Dialect.POSTGRESQL, to))
                .append(";\nCREATE VIEW ").append(oldTable).append(" AS SELECT * FROM ").append(newTable);
        for (String grant : use.grants()) {
            sql.append(";\n").append(grant.replaceFirst(Pattern.quote(" ON %s TO "),
                    Matcher.quoteReplacement(" ON " + oldTable + " TO ")));
        }
        sql.append(";\nCOMMENT ON VIEW ").append(oldTable).append(" IS ").append(RenameColumnExpansionRule.literal(
                "safemigrate: table " + table.name() + " renamed to " + to + "; drop this view to contract"));
        sql.append(";\n").append(ExpansionRecordSql.create(stateTable)).append(";\n")
                .append(ExpansionRecordSql.insert(stateTable, id, statement.text().strip(), "view " + table.name()
                        + " over table " + to, contract, rollback))
                .append(";\n").append(ExpansionRecordSql.markExpanded(stateTable, id));
        return Decision.rewrite(new RewritePlan(this, statement, List.of(Step.locking(sql.toString())),
                "expanding the rename of " + subject + " to " + to + ": renaming it and creating the view "
                        + table.name() + " over it in one transaction, so old code reads and writes on; contract it"
                        + " with DROP VIEW " + oldTable + " (or safemigrate contract)"));
    }
}
