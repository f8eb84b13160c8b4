package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RewriteRule;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] col SET NOT NULL} takes ACCESS EXCLUSIVE on {@code t} and holds it
 * while it scans every row for NULLs: reads and writes wait for the whole scan. Sent instead, on
 * PostgreSQL 12 and later (which skips that scan when a validated {@code CHECK (col IS NOT NULL)}
 * proves it):
 * <ol>
 *   <li>{@code ALTER TABLE t ADD CONSTRAINT <helper> CHECK (col IS NOT NULL) NOT VALID} (brief lock);</li>
 *   <li>{@code ALTER TABLE t VALIDATE CONSTRAINT <helper>} in its own transaction (the scan, writes continue);</li>
 *   <li>the statement as written (brief lock, no scan);</li>
 *   <li>{@code ALTER TABLE t DROP CONSTRAINT <helper>} (brief lock).</li>
 * </ol>
 * The helper is named {@code sm_nn_<column>} (deterministic, so a re-run finds it; when that would pass 63
 * bytes, a shortened column name and a CRC-32 of the full name), always quoted.
 *
 * <p>Re-runs: column already NOT NULL → nothing, or only dropping a helper a previous run left; helper
 * validated → steps 3–4; helper NOT VALID (a failed VALIDATE: NULLs were found) → steps 2–4. A constraint
 * of the helper's name with another definition → left as written.
 *
 * <p>Left as written: PostgreSQL before 12, a column that does not exist (PostgreSQL reports it),
 * {@code ONLY}, several actions, partitioned, temporary, small tables and tables created in the same
 * transaction.
 */
public final class SetNotNullRule extends RewriteRule {

    @Override
    public String name() {
        return "set-not-null";
    }

    @Override
    public String reason() {
        return "SET NOT NULL blocks reads and writes of the table while it checks every row";
    }

    @Override
    public RewritePlan plan(SqlStatement statement, RuleContext context) throws SQLException {
        if (statement.ddlKind() != DdlKind.ALTER_TABLE || context.catalog().majorVersion() < 12) {
            return null;
        }
        AlterTable alter = AlterTable.of(statement);
        if (alter == null || !alter.plain() || alter.actions().size() != 1) {
            return null;
        }
        SqlCursor c = alter.tokens();
        QualifiedName tableName = alter.table();
        int i = alter.actions().get(0).from();
        if (!c.isWord(i++, "ALTER")) {
            return null;
        }
        if (c.isWord(i, "COLUMN")) {
            i++;
        }
        if (!c.isName(i) || c.nameEnd(i) != i + 1 || !c.isWords(i + 1, "SET", "NOT", "NULL")
                || i + 4 != alter.actions().get(0).to()) {
            return null;
        }
        String column = c.name(i).name();
        TableFacts table = context.catalog().table(tableName);
        if (!Exemptions.worthRewriting(table, tableName, context) || table.kind() != 'r') {
            return null;
        }
        String quotedTable = Identifiers.quote(Dialect.POSTGRESQL, table.schema(), table.name());
        QualifiedName resolved = new QualifiedName(table.schema(), table.name(), quotedTable);
        ColumnFacts facts = context.catalog().column(resolved, column);
        if (!facts.exists()) {
            return null;
        }
        String helper = helperName(column);
        String quotedHelper = Identifiers.quote(Dialect.POSTGRESQL, helper);
        String check = "CHECK (" + Identifiers.quote(Dialect.POSTGRESQL, column) + " IS NOT NULL)";
        ConstraintFacts existing = null;
        for (ConstraintFacts k : context.catalog().constraints(resolved)) {
            if (k.name().equals(helper)) {
                SqlCursor ours = SqlCursor.over(check, Dialect.POSTGRESQL);
                if (k.type() != 'c' || !ConstraintDefinition.sameDefinition(ours, 0, ours.size(), k.definition())) {
                    return null; // not ours: leave the statement alone
                }
                existing = k;
            }
        }
        Step drop = Step.locking("ALTER TABLE " + quotedTable + " DROP CONSTRAINT " + quotedHelper);
        String where = " (table " + table.schema() + "." + table.name() + ", ~" + table.estimatedRows() + " rows)";
        if (facts.notNull()) {
            return existing == null
                    ? new RewritePlan(this, statement, List.of(), "column " + column + " is already NOT NULL: nothing to do")
                    : new RewritePlan(this, statement, List.of(drop), "column " + column
                    + " is already NOT NULL: dropping the helper " + quotedHelper + " a previous run left");
        }
        List<Step> steps = new ArrayList<>();
        if (existing == null) {
            steps.add(Step.locking("ALTER TABLE " + quotedTable + " ADD CONSTRAINT " + quotedHelper + " " + check
                    + " NOT VALID"));
        }
        if (existing == null || !existing.validated()) {
            steps.add(Step.ownTransaction("ALTER TABLE " + quotedTable + " VALIDATE CONSTRAINT " + quotedHelper)
                    // SQLSTATE 23502 (not_null_violation), as SET NOT NULL itself fails: a caller that tells
                    // errors apart by SQLSTATE must not see the helper's 23514 instead.
                    .withFailure("column " + column + " has NULLs. The helper " + quotedHelper + " stays, NOT VALID:"
                            + " it already rejects new NULLs. Fill the NULLs and run the migration again (it"
                            + " continues from the validation), or remove it with ALTER TABLE " + quotedTable
                            + " DROP CONSTRAINT " + quotedHelper, "23502"));
        }
        steps.add(Step.locking(statement.text()));
        steps.add(drop);
        return new RewritePlan(this, statement, steps, (existing == null ? "adding the helper " + quotedHelper
                + " NOT VALID, validating it without blocking writes, " : "reusing the helper " + quotedHelper
                + " a previous run left, ") + "then SET NOT NULL without a scan and dropping the helper" + where);
    }

    /** {@code sm_nn_<column>}, at most 63 bytes: shortened with a CRC-32 of the column name when longer. */
    static String helperName(String column) {
        String name = "sm_nn_" + column;
        if (ConstraintDefinition.bytes(name) <= ConstraintDefinition.MAX_NAME_BYTES) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(column.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format("_%08x", crc.getValue());
        StringBuilder b = new StringBuilder("sm_nn_");
        for (int k = 0; k < column.length(); ) {
            int cp = column.codePointAt(k);
            String next = new String(Character.toChars(cp));
            if (ConstraintDefinition.bytes(b + next + suffix) > ConstraintDefinition.MAX_NAME_BYTES) {
                break;
            }
            b.append(next);
            k += Character.charCount(cp);
        }
        return b + suffix;
    }
}
