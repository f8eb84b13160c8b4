package dev.safemigrate.it.differential;

import dev.safemigrate.it.db.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Named sequences replayed on every run: each difference the generated sequences found, written out
 * by hand once fixed, plus a few shapes worth keeping whatever the generator draws.
 */
public final class RegressionSequences {

    private RegressionSequences() {
    }

    public static List<Sequence> forEngine(Engine engine) {
        List<Sequence> all = new ArrayList<>();
        boolean pg = engine == Engine.POSTGRESQL;
        String text = pg ? "text" : "varchar(200)";
        List<Step> items = List.of(
                Step.execute("CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL, v int, note " + text + ")"),
                Step.execute("INSERT INTO items VALUES (1, 5, NULL, 'a;b'), (2, 7, 3, 'it''s'), (3, 9, 4, NULL), (4, 1, 1, '--x')"));
        // Non-idempotent bulk UPDATE batched one row at a time, then a rolled-back transaction under keep.
        all.add(new Sequence("non-idempotent update in batches of one, rollback under keep", "keep", 1, items, List.of(
                Step.execute("UPDATE items SET n = n + 1"),
                Step.call(Step.Kind.BEGIN),
                Step.execute("CREATE INDEX ix_n ON items (n)"),
                Step.execute("DELETE FROM items WHERE n > 6"),
                Step.call(Step.Kind.ROLLBACK),
                Step.call(Step.Kind.AUTOCOMMIT),
                Step.execute("SELECT count(*) FROM items")), Set.of()));
        if (pg) {
            // Found: SET NOT NULL on a column with NULLs failed with the helper check's 23514 instead of 23502.
            all.add(new Sequence("set-not-null on NULLs fails with 23502 and leaves no helper", "split", 5, items, List.of(
                    Step.execute("ALTER TABLE items ALTER COLUMN note SET NOT NULL"),
                    Step.update("ALTER TABLE items ALTER v SET NOT NULL"),
                    Step.execute("UPDATE items SET v = 0 WHERE v IS NULL"),
                    Step.execute("ALTER TABLE items ALTER v SET NOT NULL")), Set.of()));
            // Found: a second PRIMARY KEY built its index first and failed with 23505 instead of 42P16.
            all.add(new Sequence("a second primary key fails with 42P16", "split", 5, items, List.of(
                    Step.execute("UPDATE items SET v = 1"),
                    Step.execute("ALTER TABLE items ALTER COLUMN v SET NOT NULL"),
                    Step.execute("ALTER TABLE items ADD CONSTRAINT pk_v PRIMARY KEY (v)"),
                    Step.execute("ALTER TABLE items ADD PRIMARY KEY (n)")), Set.of()));
        } else {
            // Found: a copying ALTER run as written (policy warn) returned 0 instead of the rows MariaDB copied.
            all.add(new Sequence("copying alter reports the rows copied", "split", 5, items, List.of(
                    Step.execute("ALTER TABLE items ADD CONSTRAINT ck_n CHECK (n >= 0)"),
                    Step.update("ALTER TABLE items ADD CHECK (n < 1000)"),
                    Step.execute("ALTER TABLE items ADD CONSTRAINT fk_v FOREIGN KEY (v) REFERENCES items (id)"),
                    Step.execute("ALTER TABLE items MODIFY v bigint NULL")), Set.of()));
        }
        return all;
    }
}
