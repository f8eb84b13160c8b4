package dev.safemigrate.bench;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.bench.TimedDriver.Executed;
import dev.safemigrate.jdbc.SafeUrl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Expand/contract of a column rename against the plain alternatives, side by side in one run, on a table of N
 * rows ({@code id bigint PRIMARY KEY, name text NOT NULL}, an index on {@code name}), each method on a freshly
 * built table, while a writer ({@link ExpandWriter}) inserts rows and updates random rows' {@code name}:
 *
 * <ol>
 *   <li>{@code expand}: {@code ALTER TABLE expand_bench RENAME COLUMN name TO full_name} through
 *       {@code jdbc:safemigrate:postgresql:…?safemigrate.policy.renameColumn=expand} (all other settings at their
 *       defaults), i.e. ADD COLUMN, sync triggers, the batched backfill, NOT NULL through a validated check, the
 *       index built CONCURRENTLY, the record. Then the contract, {@code ALTER TABLE expand_bench DROP COLUMN name}
 *       through the driver, while the writer writes {@code full_name} (new code).</li>
 *   <li>{@code update}: {@code ADD COLUMN full_name text} first (not measured), then one
 *       {@code UPDATE expand_bench SET full_name = name} through bare pgjdbc.</li>
 *   <li>{@code rename}: a plain {@code ALTER TABLE … RENAME COLUMN name TO full_name} through bare pgjdbc. The
 *       writer's next write fails (42703: old code breaks); it counts that and goes on with {@code full_name}.</li>
 * </ol>
 *
 * <p>The safemigrate connection goes through {@link TimedDriver}, which records each statement the driver sent
 * with its start and end: the backfill is the time from the end of the trigger step to the first DDL after the
 * batches (it includes the batching engine's checks, journal and boundary queries). The writer's latencies are
 * split by the same window. A warm-up pass on 20,000 rows runs every method once, unreported, and prints the
 * statements of the expansion and the contract.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.safemigrate.bench.ExpandBenchmark \
 *     [--rows=200000] [--rounds=5] [--writer-interval-ms=2]
 * </pre>
 *
 * Environment: {@code SAFEMIGRATE_BENCH_PG_URL} (a bare {@code jdbc:postgresql:} URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?currentSchema=safemigrate_expand_bench}; the schema in
 * {@code currentSchema} is created when missing), {@code SAFEMIGRATE_BENCH_PG_USER} (default {@code postgres}),
 * {@code SAFEMIGRATE_BENCH_PG_PASSWORD}. The user must be allowed to run {@code CHECKPOINT}.
 */
public final class ExpandBenchmark {
    static final String TABLE = "expand_bench";
    static final String RENAME = "ALTER TABLE " + TABLE + " RENAME COLUMN name TO full_name";
    static final String CONTRACT = "ALTER TABLE " + TABLE + " DROP COLUMN name";
    static final String UPDATE = "UPDATE " + TABLE + " SET full_name = name";
    private static final Pattern DDL_AFTER_BACKFILL = Pattern.compile(
            "^\\s*(ALTER TABLE|CREATE (UNIQUE )?INDEX)", Pattern.CASE_INSENSITIVE);

    private final String url;
    private final Properties credentials = new Properties();
    private final long writerIntervalMillis;

    ExpandBenchmark(String url, String user, String password, long writerIntervalMillis) {
        this.url = url;
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.writerIntervalMillis = writerIntervalMillis;
    }

    public static void main(String[] args) throws Exception {
        long rows = 200_000;
        int rounds = 5;
        long writerInterval = 2;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length > 1 ? kv[1].replace("_", "") : "";
            switch (kv[0]) {
                case "--rows" -> rows = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--writer-interval-ms" -> writerInterval = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; see the class comment");
            }
        }
        String url = env("SAFEMIGRATE_BENCH_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=safemigrate_expand_bench");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("SAFEMIGRATE_BENCH_PG_URL must be a bare jdbc:postgresql: URL: " + url);
        }
        TimedDriver.register();
        ExpandBenchmark bench = new ExpandBenchmark(url, env("SAFEMIGRATE_BENCH_PG_USER", "postgres"),
                System.getenv("SAFEMIGRATE_BENCH_PG_PASSWORD"), writerInterval);
        long began = System.nanoTime();
        bench.prepare();
        System.out.println("\nWarm-up on 20,000 rows (not reported)");
        bench.round(20_000, 0, true);
        List<Map<String, Double>> results = new ArrayList<>();
        boolean allCorrect = true;
        for (int round = 1; round <= rounds; round++) {
            Map<String, Double> r = bench.round(rows, round, false);
            allCorrect &= r.get("correct") == 1;
            results.add(r);
        }
        Map<String, Double> median = medians(results);
        printRounds(results);
        printSummary(rows, rounds, median);
        System.out.printf(Locale.ROOT, "%nWhole run: %,d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        if (!allCorrect) {
            System.out.println("A CHECK FAILED: see the rounds above");
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    Connection bare() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    /** safemigrate with policy expand, over the recording driver. */
    Connection safe() throws SQLException {
        String timed = SafeUrl.wrap(TimedDriver.timed(url));
        Connection c = DriverManager.getConnection(timed + (timed.contains("?") ? "&" : "?")
                + "safemigrate.policy.renameColumn=expand", credentials);
        if (!c.getClass().getName().equals("dev.safemigrate.jdbc.SafeConnection")) {
            throw new IllegalStateException("expected the safemigrate wrapper, got " + c.getClass().getName());
        }
        return c;
    }

    /** The schema of currentSchema, and what server and JVM this is. */
    void prepare() throws SQLException {
        java.util.regex.Matcher m = Pattern.compile("currentSchema=([A-Za-z_][A-Za-z0-9_]*)").matcher(url);
        if (m.find()) {
            String schema = m.group(1);
            try (Connection c = DriverManager.getConnection(url.replace("currentSchema=" + schema, "currentSchema=public"),
                    credentials); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
            }
        }
        try (Connection c = bare(); Statement st = c.createStatement()) {
            ServerFacts.print(st, "SELECT version()", "SHOW shared_buffers", "SHOW synchronous_commit",
                    "SHOW autovacuum", "SELECT current_schema()");
        }
    }

    /** A fresh table of {@code n} rows with its index, vacuumed and analysed, with a checkpoint behind it. */
    void createTable(long n) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE + " CASCADE");
            st.execute("DROP TABLE IF EXISTS safemigrate_expansions");
            st.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO " + TABLE + " (id, name) SELECT i, 'name-' || i FROM generate_series(1, " + n + ") i");
            st.execute("CREATE INDEX " + TABLE + "_name_idx ON " + TABLE + " (name)");
            st.execute("VACUUM ANALYZE " + TABLE);
            st.execute("CHECKPOINT");
        }
    }

    /** One round: the three methods on fresh tables, in a fixed order; the figures by name. */
    Map<String, Double> round(long n, int round, boolean verbose) throws Exception {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("round", (double) round);
        boolean correct = expand(n, r, verbose);
        correct &= update(n, r);
        correct &= rename(n, r);
        r.put("correct", correct ? 1.0 : 0.0);
        System.out.printf(Locale.ROOT, "== %,d rows, round %d: %s%n", n, round, r);
        return r;
    }

    private ExpandWriter writer(long n, String column, String other, long firstId) throws Exception {
        ExpandWriter w = new ExpandWriter(bare(), TABLE, column, other, n, firstId, writerIntervalMillis);
        w.startAndWarmUp();
        return w;
    }

    private boolean expand(long n, Map<String, Double> r, boolean verbose) throws Exception {
        createTable(n);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(registry);
        boolean correct;
        try (Connection safe = safe(); Statement st = safe.createStatement()) {
            TimedDriver.drain(); // the catalog reads of the connection's set-up
            ExpandWriter w = writer(n, "name", null, 1_000_000_000L);
            long start = System.nanoTime();
            long end;
            try {
                st.execute(RENAME);
                end = System.nanoTime();
            } finally {
                w.stop();
            }
            List<Executed> sent = TimedDriver.drain();
            if (verbose) {
                printTimeline("expansion", start, sent);
            }
            long[] window = backfillWindow(sent);
            r.put("expand.ms", ms(end - start));
            r.put("expand.backfill.ms", ms(window[1] - window[0]));
            r.put("expand.rest.ms", ms(end - start) - ms(window[1] - window[0]));
            put(r, "expand.writer", w.latencies(start, end));
            put(r, "expand.writer.backfill", w.latencies(window[0], window[1]));
            put(r, "expand.writer.rest", concat(w.latencies(start, window[0]), w.latencies(window[1], end)));
            r.put("expand.writes", (double) w.latencies(start, end).length);
            phases(r, sent, window);
            Counter batches = registry.find("safemigrate.batch.batches").counter();
            Timer time = registry.find("safemigrate.batch.duration").timer();
            r.put("batches", batches == null ? 0 : batches.count());
            r.put("batch.max.ms", time == null ? 0 : time.max(TimeUnit.MILLISECONDS));
            r.put("batch.total.ms", time == null ? 0 : time.totalTime(TimeUnit.MILLISECONDS));
            correct = check("rows where full_name differs", queryLong("SELECT count(*) FROM " + TABLE
                    + " WHERE full_name IS DISTINCT FROM name"), 0)
                    & check("valid indexes (pk, name, full_name)", queryLong("SELECT count(*) FROM pg_index"
                    + " WHERE indrelid = '" + TABLE + "'::regclass AND indisvalid"), 3)
                    & check("expansions 'expanded'", queryLong("SELECT count(*) FROM safemigrate_expansions"
                    + " WHERE status = 'expanded'"), 1);

            // The contract, with new code writing the new name.
            ExpandWriter w2 = writer(n, "full_name", null, 2_000_000_000L);
            start = System.nanoTime();
            try {
                st.execute(CONTRACT);
                end = System.nanoTime();
            } finally {
                w2.stop();
            }
            sent = TimedDriver.drain();
            if (verbose) {
                printTimeline("contract", start, sent);
            }
            r.put("contract.ms", ms(end - start));
            put(r, "contract.writer", w2.latencies(start, end));
            correct &= check("column name left", queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = '"
                    + TABLE + "'::regclass AND attname = 'name' AND NOT attisdropped"), 0)
                    & check("full_name NOT NULL", queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = '"
                    + TABLE + "'::regclass AND attname = 'full_name' AND attnotnull"), 1)
                    & check("expansions 'contracted'", queryLong("SELECT count(*) FROM safemigrate_expansions"
                    + " WHERE status = 'contracted'"), 1);
        }
        return correct;
    }

    private boolean update(long n, Map<String, Double> r) throws Exception {
        createTable(n);
        try (Connection c = bare(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + TABLE + " ADD COLUMN full_name text");
            ExpandWriter w = writer(n, "name", null, 1_000_000_000L);
            long start = System.nanoTime();
            long end;
            long updated;
            try {
                updated = st.executeLargeUpdate(UPDATE);
                end = System.nanoTime();
            } finally {
                w.stop();
            }
            r.put("update.ms", ms(end - start));
            put(r, "update.writer", w.latencies(start, end));
            // The writer's inserts are updated too: every original row, and at least as many rows as there were.
            return check("original rows the plain UPDATE left NULL", queryLong("SELECT count(*) FROM " + TABLE
                    + " WHERE id <= " + n + " AND full_name IS NULL"), 0)
                    & check("rows updated by the plain UPDATE, at least " + n, Math.min(updated, n), n);
        }
    }

    private boolean rename(long n, Map<String, Double> r) throws Exception {
        createTable(n);
        try (Connection c = bare(); Statement st = c.createStatement()) {
            ExpandWriter w = writer(n, "name", "full_name", 1_000_000_000L);
            long start = System.nanoTime();
            long end;
            try {
                st.execute(RENAME);
                end = System.nanoTime();
                Thread.sleep(50); // let the writer hit the renamed column
            } finally {
                w.stop();
            }
            r.put("rename.ms", ms(end - start));
            put(r, "rename.writer", w.latencies(start, end + TimeUnit.MILLISECONDS.toNanos(50)));
            r.put("rename.failedWrites", (double) w.undefinedColumnFailures());
            return check("writes that failed with 42703 after the plain rename", w.undefinedColumnFailures(), 1);
        }
    }

    /**
     * [start, end] of the backfill: from the end of the statement that created the sync triggers to the start of
     * the first DDL statement after it (the NOT NULL check or the index copy).
     */
    static long[] backfillWindow(List<Executed> sent) {
        int trigger = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).sql().contains("CREATE TRIGGER")) {
                trigger = i;
            }
        }
        if (trigger < 0) {
            throw new IllegalStateException("the driver sent no CREATE TRIGGER: not an expansion");
        }
        long from = sent.get(trigger).endNanos();
        for (int i = trigger + 1; i < sent.size(); i++) {
            if (DDL_AFTER_BACKFILL.matcher(sent.get(i).sql()).find()) {
                return new long[] {from, sent.get(i).startNanos()};
            }
        }
        throw new IllegalStateException("no DDL after the backfill");
    }

    /** Time in the statements of each kind the expansion sent (ms), and between them. */
    private static void phases(Map<String, Double> r, List<Executed> sent, long[] window) {
        double before = 0;
        double check = 0;
        double index = 0;
        double other = 0;
        for (Executed e : sent) {
            if (e.endNanos() <= window[0]) {
                before += e.millis();
            } else if (e.startNanos() >= window[1]) {
                String sql = e.sql();
                if (sql.contains("CREATE INDEX CONCURRENTLY") || sql.contains("CREATE UNIQUE INDEX CONCURRENTLY")) {
                    index += e.millis();
                } else if (sql.contains("VALIDATE CONSTRAINT") || sql.contains("NOT NULL")) {
                    check += e.millis();
                } else {
                    other += e.millis();
                }
            }
        }
        r.put("phase.beforeBackfill.ms", before);
        r.put("phase.notNull.ms", check);
        r.put("phase.index.ms", index);
        r.put("phase.otherAfter.ms", other);
    }

    private static void printTimeline(String what, long start, List<Executed> sent) {
        System.out.println("  statements of the " + what + " (ms from its start, duration):");
        for (Executed e : sent) {
            String sql = e.sql().replaceAll("\\s+", " ");
            System.out.printf(Locale.ROOT, "    %7.1f %7.1f  %s%n", (e.startNanos() - start) / 1e6,
                    (e.endNanos() - e.startNanos()) / 1e6, sql.length() > 150 ? sql.substring(0, 150) + "…" : sql);
        }
    }

    private static void put(Map<String, Double> r, String prefix, long[] sortedNanos) {
        r.put(prefix + ".p99", percentile(sortedNanos, 0.99));
        r.put(prefix + ".max", sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        java.util.Arrays.sort(out);
        return out;
    }

    private static boolean check(String what, long actual, long expected) {
        if (actual != expected) {
            System.out.printf(Locale.ROOT, "  CHECK FAILED: %s: %,d, expected %,d%n", what, actual, expected);
            return false;
        }
        return true;
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String queryString(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Per figure, the median over the rounds (the lower middle one for an even count). */
    static Map<String, Double> medians(List<Map<String, Double>> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : results.get(0).keySet()) {
            double[] v = results.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
            out.put(key, v[(v.length - 1) / 2]);
        }
        return out;
    }

    private static void printRounds(List<Map<String, Double>> results) {
        System.out.println("\nEvery round (ms):");
        String[] keys = {"expand.ms", "expand.backfill.ms", "update.ms", "rename.ms", "contract.ms",
                "expand.writer.max", "expand.writer.backfill.max", "update.writer.max", "rename.writer.max",
                "contract.writer.max"};
        System.out.printf(Locale.ROOT, "%5s", "round");
        for (String k : keys) {
            System.out.printf(Locale.ROOT, " %26s", k);
        }
        System.out.println();
        for (Map<String, Double> r : results) {
            System.out.printf(Locale.ROOT, "%5.0f", r.get("round"));
            for (String k : keys) {
                System.out.printf(Locale.ROOT, " %,26.1f", r.get(k));
            }
            System.out.println();
        }
    }

    private static void printSummary(long rows, int rounds, Map<String, Double> m) {
        double update = m.get("update.ms");
        System.out.printf(Locale.ROOT, "%nMedians of %d rounds, %,d rows (defaults: batch.targetTime 200ms,"
                + " batch.maxSize 50000, lockTimeout 1s):%n", rounds, rows);
        System.out.println("| what | time | vs one plain UPDATE | writer max stall | writer p99 |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("plain `UPDATE t SET full_name = name` (bare)", update, update, m, "update.writer");
        row("expansion: its backfill part", m.get("expand.backfill.ms"), update, m, "expand.writer.backfill");
        row("expansion: everything else (column, triggers, NOT NULL, index)", m.get("expand.rest.ms"), update, m,
                "expand.writer.rest");
        row("expansion (whole `RENAME COLUMN` through safemigrate)", m.get("expand.ms"), update, m, "expand.writer");
        row("plain `RENAME COLUMN` (bare)", m.get("rename.ms"), update, m, "rename.writer");
        row("contract (`DROP COLUMN name` through safemigrate)", m.get("contract.ms"), update, m, "contract.writer");
        System.out.printf(Locale.ROOT, "%nExpansion phases (median ms): before the backfill %.0f, backfill %.0f"
                        + " (%.0f batches, %.0f ms in them, longest %.0f ms), NOT NULL check %.0f, index build %.0f,"
                        + " other after %.0f; writer writes during the expansion: %.0f%n",
                m.get("phase.beforeBackfill.ms"), m.get("expand.backfill.ms"), m.get("batches"),
                m.get("batch.total.ms"), m.get("batch.max.ms"), m.get("phase.notNull.ms"), m.get("phase.index.ms"),
                m.get("phase.otherAfter.ms"), m.get("expand.writes"));
        System.out.printf(Locale.ROOT, "%nIn short: expansion backfill %.2f× a plain UPDATE (whole expansion %.2f×);"
                        + " writer max stall %.0f ms during the expansion vs %.0f ms during the plain UPDATE vs %.0f ms"
                        + " during a plain RENAME (which broke the old code's next write); contract %.0f ms, writer"
                        + " max stall %.0f ms%n",
                m.get("expand.backfill.ms") / update, m.get("expand.ms") / update, m.get("expand.writer.max"),
                m.get("update.writer.max"), m.get("rename.writer.max"), m.get("contract.ms"),
                m.get("contract.writer.max"));
    }

    private static void row(String what, double millis, double update, Map<String, Double> m, String writer) {
        double ratio = millis / update;
        System.out.printf(Locale.ROOT, "| %s | %,.0f ms | %s | %,.1f ms | %,.1f ms |%n", what, millis,
                ratio < 0.01 ? "< 0.01×" : String.format(Locale.ROOT, "%.2f×", ratio), m.get(writer + ".max"),
                m.get(writer + ".p99"));
    }
}
