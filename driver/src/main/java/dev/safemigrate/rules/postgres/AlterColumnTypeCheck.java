package dev.safemigrate.rules.postgres;

import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.Finding;

import dev.safemigrate.dialect.Catalog.ColumnFacts;
import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.shape.AlterTable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE x} rewrites the table and its indexes under an
 * ACCESS EXCLUSIVE lock unless the change is binary-compatible ({@link TypeChange}): then it only
 * changes the catalog and runs as written, silently. Otherwise policy
 * {@code safemigrate.policy.alterColumnType}, default refuse, with the expand/contract recipe.
 *
 * <p>In place requires, besides a compatible type: no {@code USING} clause, no {@code COLLATE} clause,
 * not an array column, and for a text type a column with the default collation (the new type's default
 * collation would otherwise replace it and rebuild the indexes). A type the driver does not recognise
 * counts as a rewrite (refusing is safe, the comment allows it). Left as written, silently: columns
 * that do not exist (PostgreSQL reports it), tables below {@code safemigrate.rewrite.minRows},
 * temporary tables and tables created in the same transaction.
 */
public final class AlterColumnTypeCheck implements PolicyCheck {

    @Override
    public List<Finding> findings(SqlStatement statement, RuleContext context) throws SQLException {
        AlterTable alter = AlterTable.of(statement);
        if (alter == null) {
            return List.of();
        }
        SqlCursor c = alter.tokens();
        List<Finding> found = new ArrayList<>();
        TableFacts table = null;
        for (AlterTable.Action action : alter.actions()) {
            int j = action.from();
            if (!c.isWord(j++, "ALTER")) {
                continue;
            }
            if (c.isWord(j, "COLUMN")) {
                j++;
            }
            if (!c.isName(j)) {
                continue;
            }
            int column = j++;
            if (c.isWords(j, "SET", "DATA")) {
                j += 2;
            }
            if (!c.isWord(j++, "TYPE")) {
                continue;
            }
            int typeEnd = action.to();
            boolean clauses = false;
            for (int k = j; k < action.to(); k++) {
                if (c.isWord(k, "COLLATE") || c.isWord(k, "USING")) {
                    typeEnd = k;
                    clauses = true;
                    break;
                }
            }
            if (table == null) {
                table = context.catalog().table(alter.table());
                if (!Exemptions.blocksTraffic(table, alter.table(), context)) {
                    return List.of();
                }
            }
            ColumnFacts facts = context.catalog().column(alter.table(), c.name(column).name());
            if (!facts.exists()) {
                continue;
            }
            TypeChange.Target target = TypeChange.parse(c, j, typeEnd);
            boolean inPlace = !clauses && facts.dimensions() == 0 && target != null
                    && TypeChange.inPlace(facts.typeName(), facts.typmod(), target)
                    && (!target.collatable() || facts.collation() == TypeChange.DEFAULT_COLLATION);
            if (!inPlace) {
                String written = c.sql().substring(c.start(j), c.end(action.to() - 1));
                found.add(new Finding(Operation.ALTER_COLUMN_TYPE, "column " + c.text(column) + " of table "
                        + table.schema() + "." + table.name() + " (~" + table.estimatedRows() + " rows), "
                        + facts.formatted() + " to " + written));
            }
        }
        return found;
    }
}
