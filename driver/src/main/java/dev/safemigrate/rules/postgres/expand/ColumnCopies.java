package dev.safemigrate.rules.postgres.expand;

import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.ConstraintFacts;
import dev.safemigrate.dialect.Catalog.IndexUse;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.Step;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.Identifiers;
import dev.safemigrate.sql.SqlCursor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an expansion carries over from a column {@code from} to a new column {@code to} of the same table: its
 * CHECK constraints and foreign keys (added NOT VALID, then validated), its NOT NULL (through a validated check),
 * its valid indexes (built CONCURRENTLY), with the names they will take back at the contract; and what cannot
 * be carried over. Shared by the rename and the type change.
 */
final class ColumnCopies {
    private final RuleContext context;
    private final ColumnUse old;
    private final ColumnUse neu;
    private final String from;
    private final String to;
    private final String hash;
    private final List<IndexCopy> indexes;
    private final List<ConstraintCopy> constraints;
    /** The old column is the whole primary key and the expansion moves the key to the new column. */
    private final boolean movesPrimaryKey;

    /** @param neu the new column's facts when it exists already (a re-run), else {@code null} */
    ColumnCopies(RuleContext context, ColumnUse old, ColumnUse neu, String from, String to, String hash)
            throws SQLException {
        this(context, old, neu, from, to, hash, false);
    }

    /**
     * @param movesPrimaryKey the caller moves the primary key (the old column alone) to the new column at its
     *     swap: its index is copied (a unique index) instead of being refused
     */
    ColumnCopies(RuleContext context, ColumnUse old, ColumnUse neu, String from, String to, String hash,
                 boolean movesPrimaryKey) throws SQLException {
        this.movesPrimaryKey = movesPrimaryKey;
        this.context = context;
        this.old = old;
        this.neu = neu;
        this.from = from;
        this.to = to;
        this.hash = hash;
        this.indexes = indexCopies();
        this.constraints = constraintCopies();
    }

    /** What cannot be carried over to the new column; empty when the expansion can be done. */
    List<String> blockers(boolean hasPrimaryKey) {
        List<String> out = new ArrayList<>();
        if (!hasPrimaryKey) {
            out.add("the table has no primary key (the backfill walks it in primary-key batches)");
        }
        if (old.identity()) {
            out.add("it is an identity column");
        }
        if (old.generated()) {
            out.add("it is a generated column");
        }
        if (old.privileges()) {
            out.add("it has column privileges (GRANT … (" + from + "))");
        }
        if (old.inheritance()) {
            out.add("the table has inheritance parents or children");
        }
        for (IndexUse i : old.indexes()) {
            if (i.primary() && !movesPrimaryKey) {
                out.add("it is in the primary key (" + i.name() + ")");
            } else if (i.constraintType() == 'x') {
                out.add("exclusion constraint " + i.name() + " uses it");
            } else if (i.deferrable()) {
                out.add("deferrable constraint " + i.constraint() + " uses it");
            } else if (i.valid() && IndexCopy.definition(i, from, to, "x") == null) {
                out.add("index " + i.name() + " has a definition the driver does not understand");
            }
        }
        for (ConstraintFacts k : old.constraints()) {
            if (k.type() == 'c' || k.type() == 'p' || k.type() == 'u' || k.type() == 'x') {
                continue; // checks copied; the others with their index above
            }
            if (k.type() != 'f' || ColumnReferences.inForeignKey(k.definition(), from, to) == null) {
                out.add("constraint " + k.name() + " (" + k.definition() + ") cannot be copied");
            }
        }
        for (String r : old.referencedBy()) {
            out.add("it is referenced by " + r);
        }
        for (String d : old.dependents()) {
            out.add("it is used by " + d);
        }
        if (!old.userTriggers().isEmpty()) {
            out.add("the table has trigger(s) " + String.join(", ", old.userTriggers())
                    + ", which the backfill's UPDATEs would fire");
        }
        if (!old.publications().isEmpty()) {
            out.add("the table is replicated by publication(s) " + String.join(", ", old.publications())
                    + " (subscribers match columns by name: add the column there first)");
        }
        return out;
    }

    /** The constraint copies: added NOT VALID where missing, validated where the original is. */
    List<Step> constraintSteps() {
        List<Step> steps = new ArrayList<>();
        for (ConstraintCopy k : constraints) {
            if (!k.exists()) {
                steps.add(Step.locking("ALTER TABLE " + old.table() + " ADD CONSTRAINT " + quote(k.name()) + " "
                        + k.definition() + " NOT VALID"));
            }
            if (k.validate()) {
                steps.add(Step.ownTransaction("ALTER TABLE " + old.table() + " VALIDATE CONSTRAINT " + quote(k.name())));
            }
        }
        return steps;
    }

    /** NOT NULL on the new column when the old one has it, through a validated check (no scan under the lock). */
    List<Step> notNullSteps() {
        List<Step> steps = new ArrayList<>();
        if (!old.notNull() || neu != null && neu.notNull()) {
            return steps;
        }
        String helperName = "safemigrate_nn_" + hash;
        String helper = quote(helperName);
        String b = quote(to);
        if (neu == null || neu.constraints().stream().noneMatch(k -> k.name().equals(helperName))) {
            steps.add(Step.locking("ALTER TABLE " + old.table() + " ADD CONSTRAINT " + helper + " CHECK (" + b
                    + " IS NOT NULL) NOT VALID"));
        }
        steps.add(Step.ownTransaction("ALTER TABLE " + old.table() + " VALIDATE CONSTRAINT " + helper));
        steps.add(Step.locking("ALTER TABLE " + old.table() + " ALTER COLUMN " + b + " SET NOT NULL;\nALTER TABLE "
                + old.table() + " DROP CONSTRAINT " + helper));
        return steps;
    }

    /** The index copies not built yet (an INVALID one left by a failed build is dropped first). */
    List<Step> indexSteps() {
        List<Step> steps = new ArrayList<>();
        for (IndexCopy i : indexes) {
            if (i.exists() && i.valid()) {
                continue;
            }
            String name = Identifiers.quote(Dialect.POSTGRESQL, old.schema(), i.name());
            if (i.exists()) {
                steps.add(Step.concurrent("DROP INDEX CONCURRENTLY IF EXISTS " + name, null));
            }
            steps.add(Step.concurrent(i.sql(), new Step.Cleanup(
                    "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid)",
                    name, "DROP INDEX CONCURRENTLY IF EXISTS " + name,
                    "dropped the INVALID index " + name + " the failed build left behind")));
        }
        return steps;
    }

    /**
     * For the contract, after the old column is dropped (with its indexes and constraints): the copies take the
     * original names, a unique index becomes the unique constraint it was.
     */
    String renamesBack() {
        StringBuilder s = new StringBuilder();
        for (IndexCopy i : indexes) {
            if (i.original().primary()) {
                continue; // the swap made it the primary key, under the key's name
            }
            if (i.original().constraintType() == 'u') {
                s.append(";\nALTER TABLE ").append(old.table()).append(" ADD CONSTRAINT ")
                        .append(quote(i.original().constraint())).append(" UNIQUE USING INDEX ").append(quote(i.name()));
            } else {
                s.append(";\nALTER INDEX ").append(Identifiers.quote(Dialect.POSTGRESQL, old.schema(), i.name()))
                        .append(" RENAME TO ").append(quote(i.original().name()));
            }
        }
        for (ConstraintCopy k : constraints) {
            s.append(";\nALTER TABLE ").append(old.table()).append(" RENAME CONSTRAINT ").append(quote(k.name()))
                    .append(" TO ").append(quote(k.original()));
        }
        return s.toString();
    }

    /** The copies, for the record. */
    List<String> described() {
        List<String> names = new ArrayList<>();
        for (IndexCopy i : indexes) {
            names.add("index " + i.name() + " (copy of " + i.original().name() + ")");
        }
        for (ConstraintCopy k : constraints) {
            names.add("constraint " + k.name() + " (copy of " + k.original() + ")");
        }
        return names;
    }

    /** The copy of the primary key's index (a unique index on the new column), or {@code null}. */
    String primaryKeyCopy() {
        return indexes.stream().filter(i -> i.original().primary()).map(IndexCopy::name).findFirst().orElse(null);
    }

    int indexCount() {
        return indexes.size();
    }

    int constraintCount() {
        return constraints.size();
    }

    private static String quote(String identifier) {
        return Identifiers.quote(Dialect.POSTGRESQL, identifier);
    }

    /** The copies of the old column's valid indexes, each with a name free or already its own. */
    private List<IndexCopy> indexCopies() throws SQLException {
        List<IndexCopy> out = new ArrayList<>();
        for (IndexUse i : old.indexes()) {
            if (!i.valid() || i.primary() && !movesPrimaryKey) {
                continue; // an INVALID index is not used by queries: nothing to carry over
            }
            for (int attempt = 0; ; attempt++) {
                String name = CopyNames.copyOf(i.name(), from, to, attempt);
                IndexUse existing = neu == null ? null
                        : neu.indexes().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (existing != null || !context.catalog().nameTaken(old.schema(), name)) {
                    out.add(new IndexCopy(i, name, IndexCopy.definition(i, from, to, name), existing != null,
                            existing != null && existing.valid()));
                    break;
                }
            }
        }
        return out;
    }

    private List<ConstraintCopy> constraintCopies() throws SQLException {
        List<ConstraintCopy> out = new ArrayList<>();
        for (ConstraintFacts k : old.constraints()) {
            if (k.type() != 'c' && k.type() != 'f') {
                continue;
            }
            String definition = k.type() == 'c' ? ColumnReferences.replaceAll(k.definition(), from, to)
                    : ColumnReferences.inForeignKey(k.definition(), from, to);
            if (definition == null) {
                continue; // a blocker
            }
            if (definition.endsWith(" NOT VALID")) {
                definition = definition.substring(0, definition.length() - " NOT VALID".length());
            }
            for (int attempt = 0; ; attempt++) {
                String name = CopyNames.copyOf(k.name(), from, to, attempt);
                ConstraintFacts existing = neu == null ? null
                        : neu.constraints().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (existing != null || !context.catalog().nameTaken(old.schema(), name)) {
                    boolean validated = existing != null && existing.validated();
                    out.add(new ConstraintCopy(k.name(), name, definition, existing != null,
                            k.validated() && !validated));
                    break;
                }
            }
        }
        return out;
    }

    /** One index rebuilt on the new column. */
    record IndexCopy(IndexUse original, String name, String sql, boolean exists, boolean valid) {
        /**
         * {@code CREATE [UNIQUE] INDEX CONCURRENTLY "name" ON … (…)} from the original's definition with the
         * column renamed; {@code null} when the definition does not have the shape the server prints.
         */
        static String definition(IndexUse original, String from, String to, String name) {
            String replaced = ColumnReferences.inIndexDefinition(original.definition(), from, to);
            if (replaced == null) {
                return null;
            }
            SqlCursor c = SqlCursor.over(original.definition(), Dialect.POSTGRESQL);
            int k = c.isWord(1, "UNIQUE") ? 2 : 1;
            if (!c.isWord(0, "CREATE") || !c.isWord(k, "INDEX") || !c.isName(k + 1) || !c.isWord(k + 2, "ON")) {
                return null;
            }
            return replaced.substring(0, c.end(k)) + " CONCURRENTLY " + quote(name) + replaced.substring(c.end(k + 1));
        }
    }

    /** One CHECK or foreign key re-added over the new column. */
    record ConstraintCopy(String original, String name, String definition, boolean exists, boolean validate) {
    }
}
