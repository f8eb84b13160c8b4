package dev.safemigrate.it;

import dev.safemigrate.it.support.FaultScenario;

import java.util.List;

import static dev.safemigrate.it.support.FaultScenario.batch;
import static dev.safemigrate.it.support.FaultScenario.ddl;

/**
 * The multi-step rewrites and batches the fault suites break, on small tables: every rewrite forced
 * ({@code rewrite.minRows=0}, {@code batch.minRows=0}) and batches of 10 rows, so a 40-row batch has several steps.
 */
final class FaultScenarios {
    static final int ROWS = 40;
    static final String FORCED = "safemigrate.rewrite.minRows=0&safemigrate.batch.minRows=0"
            + "&safemigrate.batch.minSize=10&safemigrate.batch.maxSize=10";

    private FaultScenarios() {
    }

    static List<FaultScenario> postgres() {
        List<String> t = List.of(
                "CREATE TABLE t (id int PRIMARY KEY, n int, g int, pid int)",
                "CREATE TABLE p (id int PRIMARY KEY)",
                "INSERT INTO p SELECT g FROM generate_series(1, 5) g",
                "INSERT INTO t SELECT g, g * 10, g, 1 + g % 5 FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE t", "ANALYZE p");
        List<String> noKey = List.of(
                "CREATE TABLE u (id int NOT NULL, n int)",
                "INSERT INTO u SELECT g, g FROM generate_series(1, " + ROWS + ") g", "ANALYZE u");
        List<String> copyTarget = List.of(t.get(0), t.get(3), "CREATE TABLE t_copy (id int, n int)", "ANALYZE t");
        // the expansions on half the rows: a backfill of two batches keeps the suite short
        List<String> half = List.of(t.get(0), "INSERT INTO t SELECT g, g * 10, g, 1 + g % 5 FROM generate_series(1, "
                + ROWS / 2 + ") g", "ANALYZE t");
        String expand = "&safemigrate.policy.renameColumn=expand&safemigrate.policy.alterColumnType=expand"
                + "&safemigrate.policy.dropColumn=expand";
        return List.of(
                ddl("create index", FORCED, t, "CREATE INDEX t_n_idx ON t (n)"),
                ddl("create unique index", FORCED, t, "CREATE UNIQUE INDEX t_g_key ON t (g)"),
                ddl("add foreign key", FORCED, t, "ALTER TABLE t ADD CONSTRAINT t_pid_fkey FOREIGN KEY (pid) REFERENCES p (id)"),
                ddl("add check", FORCED, t, "ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n > 0)"),
                ddl("set not null", FORCED, t, "ALTER TABLE t ALTER COLUMN n SET NOT NULL"),
                ddl("add primary key", FORCED, noKey, "ALTER TABLE u ADD CONSTRAINT u_pkey PRIMARY KEY (id)"),
                ddl("add unique", FORCED, t, "ALTER TABLE t ADD CONSTRAINT t_g_unique UNIQUE (g)"),
                batch("batched update", FORCED, t, "UPDATE t SET n = n + 1 WHERE id % 3 <> 0"),
                batch("batched delete", FORCED, t, "DELETE FROM t WHERE id % 3 = 0"),
                batch("batched insert select", FORCED, copyTarget, "INSERT INTO t_copy (id, n) SELECT id, n FROM t WHERE id % 2 = 0"),
                ddl("expand rename column", FORCED + expand, half, "ALTER TABLE t RENAME COLUMN n TO m"),
                ddl("expand type change", FORCED + expand, half, "ALTER TABLE t ALTER COLUMN n TYPE bigint"),
                ddl("expand drop column", FORCED + expand, half, "ALTER TABLE t DROP COLUMN g"));
    }

    static List<FaultScenario> mysql() {
        List<String> t = List.of(
                "CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL, g int NOT NULL) ENGINE=InnoDB",
                "INSERT INTO t WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < " + ROWS + ")"
                        + " SELECT g, g * 10, g FROM s",
                "ANALYZE TABLE t");
        List<String> copyTarget = List.of(t.get(0), t.get(1), "CREATE TABLE t_copy (id int, n int) ENGINE=InnoDB",
                t.get(2));
        // the online copies on half the rows: two chunks (each some ten steps) instead of four keep the suite short
        List<String> half = List.of(t.get(0), "INSERT INTO t WITH RECURSIVE s (g) AS (SELECT 1 UNION ALL SELECT g + 1"
                + " FROM s WHERE g < " + ROWS / 2 + ") SELECT g, g * 10, g FROM s", t.get(2));
        return List.of(
                batch("batched update", FORCED, t, "UPDATE t SET n = n + 1 WHERE id % 3 <> 0"),
                batch("batched delete", FORCED, t, "DELETE FROM t WHERE id % 3 = 0"),
                batch("batched insert select", FORCED, copyTarget, "INSERT INTO t_copy (id, n) SELECT id, n FROM t WHERE id % 2 = 0"),
                ddl("online copy type change", FORCED + "&safemigrate.policy.alterColumnType=online", half,
                        "ALTER TABLE t MODIFY n bigint NOT NULL"),
                // IF NOT EXISTS (MariaDB): a re-run after a copy that finished but whose reply was lost is a no-op
                ddl("online copy add check", FORCED + "&safemigrate.policy.copyingAlter=online", half,
                        "ALTER TABLE t ADD CONSTRAINT IF NOT EXISTS t_n_check CHECK (n > 0)"),
                ddl("online create index", FORCED, t, "CREATE INDEX IF NOT EXISTS t_n_idx ON t (n)"));
    }
}
