package dev.safemigrate.rules.postgres;

import dev.safemigrate.dialect.Catalog.TableFacts;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.sql.SqlCursor;
import dev.safemigrate.sql.shape.AlterTableAdd;

import java.sql.SQLException;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT c] FOREIGN KEY (…) REFERENCES r …} takes SHARE ROW EXCLUSIVE on
 * both {@code t} and {@code r} and holds it while it scans all of {@code t}: writes to both tables wait
 * for the whole scan. Sent instead: the same statement with {@code NOT VALID} (brief lock, no scan),
 * then {@code ALTER TABLE t VALIDATE CONSTRAINT c} in its own transaction (SHARE UPDATE EXCLUSIVE on
 * {@code t}, ROW SHARE on {@code r}: reads and writes continue). How unnamed constraints and re-runs are
 * handled: {@link NotValidConstraintRule}.
 *
 * <p>Left as written: anything after the referenced columns but {@code MATCH FULL|SIMPLE} and {@code ON
 * DELETE|UPDATE <action>} ({@code DEFERRABLE}, {@code INITIALLY …}, {@code NOT VALID} already, …), a
 * referenced relation that is not a plain table (partitioned, missing), {@code ONLY}, several actions,
 * partitioned, temporary, small tables and tables created in the same transaction.
 */
public final class ForeignKeyRule extends NotValidConstraintRule {

    @Override
    public String name() {
        return "add-foreign-key";
    }

    @Override
    public String reason() {
        return "ADD FOREIGN KEY blocks writes to both tables while it checks every existing row";
    }

    @Override
    char type() {
        return 'f';
    }

    @Override
    String noun() {
        return "foreign key";
    }

    @Override
    boolean understood(AlterTableAdd a, RuleContext context) throws SQLException {
        SqlCursor c = a.tokens();
        int i = a.body();
        if (!c.isWords(i, "FOREIGN", "KEY") || !c.isPunct(i + 2, '(')) {
            return false;
        }
        i = c.closingParen(i + 2) + 1;
        if (i == 0 || !c.isWord(i++, "REFERENCES") || !c.isName(i)) {
            return false;
        }
        TableFacts referenced = context.catalog().table(c.name(i));
        if (!referenced.exists() || referenced.kind() != 'r') {
            return false;
        }
        i = c.nameEnd(i);
        if (c.isPunct(i, '(')) {
            i = c.closingParen(i) + 1;
            if (i == 0) {
                return false;
            }
        }
        while (i < a.end()) {
            if (c.isWord(i, "MATCH") && (c.isWord(i + 1, "FULL") || c.isWord(i + 1, "SIMPLE"))) {
                i += 2;
            } else if (c.isWord(i, "ON") && (c.isWord(i + 1, "DELETE") || c.isWord(i + 1, "UPDATE"))) {
                i += 2;
                if (c.isWords(i, "NO", "ACTION")) {
                    i += 2;
                } else if (c.isWord(i, "RESTRICT") || c.isWord(i, "CASCADE")) {
                    i++;
                } else if (c.isWords(i, "SET", "NULL") || c.isWords(i, "SET", "DEFAULT")) {
                    i += 2;
                    if (c.isPunct(i, '(')) {
                        i = c.closingParen(i) + 1;
                        if (i == 0) {
                            return false;
                        }
                    }
                } else {
                    return false;
                }
            } else {
                return false;
            }
        }
        return i == a.end();
    }
}
