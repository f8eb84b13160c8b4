package dev.safemigrate.bench;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.jdbc.SafeUrl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's own copying ALTER against safemigrate's online table copy ({@code
 * safemigrate.policy.copyingAlter=online}) on MariaDB/MySQL, side by side in one run, on the same table and under
 * the same writers: how long the ALTER takes, and what the writers see while it runs.
 *
 * <p>The ALTER, {@code MODIFY amount bigint NOT NULL, ADD CONSTRAINT amount_positive CHECK (amount > 0)}, is one
 * the server can only run by copying the table. Configurations: <b>server copy</b> (bare Connector/J, the statement
 * with {@code , ALGORITHM=COPY} as written: the server copies and blocks writes while it does); <b>online copy</b>
 * (the statement without ALGORITHM through {@code jdbc:safemigrate:mysql:…?safemigrate.policy.copyingAlter=online}:
 * the server refuses INPLACE, so the driver builds {@code _online_copy_bench_new}, keeps it current with triggers,
 * copies in chunks, compares, and swaps with one RENAME TABLE under the lock timeout, keeping
 * {@code _online_copy_bench_old}).
 *
 * <p>Table {@code online_copy_bench (id bigint PRIMARY KEY, customer int, amount int, note varchar(40))},
 * {@code --rows} (500,000) rows, rebuilt for each configuration. Writers: {@code --writers} (2) threads, each on its
 * own bare autocommit connection, each one statement every {@code --writer-interval-ms} (5 ms; at once when late):
 * an INSERT of a new id, an UPDATE or a DELETE of a random original id, in equal shares; a failed write is counted
 * and the writer goes on. They start {@value #LEAD_MS} ms before the ALTER (that window gives the writers' p99
 * before it) and stop {@value #TAIL_MS} ms after it. A write counts for the ALTER when it was in flight at some
 * time while the ALTER ran; one still running counts with its time so far. A warm-up runs both configurations on
 * 20,000 rows (not reported). Checks (exit 1 when one fails): the column is bigint, the constraint is there, the
 * table holds exactly the original rows plus the writers' inserts minus their deletes, and after the online copy
 * no trigger is left and the original is kept.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.safemigrate.bench.OnlineCopyBenchmark [--rows=500000] [--rounds=1] \
 *     [--writers=2] [--writer-interval-ms=5] [--params=safemigrate.batch.targetTime=50ms&amp;…]
 * </pre>
 *
 * Environment as for {@link PreWaitBenchmark} {@code --db=mariadb}: {@code SAFEMIGRATE_BENCH_MYSQL_URL} (a bare
 * {@code jdbc:mysql:} URL, default {@code jdbc:mysql://127.0.0.1:3306/test}; its database must exist),
 * {@code SAFEMIGRATE_BENCH_MYSQL_USER} (default {@code root}), {@code SAFEMIGRATE_BENCH_MYSQL_PASSWORD}.
 */
public final class OnlineCopyBenchmark {
    static final String TABLE = "online_copy_bench";
    static final String ALTER = "ALTER TABLE `" + TABLE + "` MODIFY amount bigint NOT NULL,"
            + " ADD CONSTRAINT amount_positive CHECK (amount > 0)";
    static final String ONLINE = "safemigrate.policy.copyingAlter=online";
    private static final long LEAD_MS = 500;
    private static final long TAIL_MS = 300;
    private static final int WARM_UP_ROWS = 20_000;

    /** How the ALTER is sent. */
    enum Config {
        SERVER("server copy (bare, ALGORITHM=COPY)"),
        ONLINE("online copy (safemigrate)");

        final String label;

        Config(String label) {
            this.label = label;
        }
    }

    private final PreWaitDatabase db = PreWaitDatabase.of("mariadb");
    private final int writers;
    private final long writerIntervalMillis;
    private final String extraParams;

    OnlineCopyBenchmark(int writers, long writerIntervalMillis, String extraParams) {
        this.writers = writers;
        this.writerIntervalMillis = writerIntervalMillis;
        this.extraParams = extraParams;
    }

    public static void main(String[] args) throws Exception {
        long rows = 500_000;
        int rounds = 1;
        int writers = 2;
        long interval = 5;
        String params = "";
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--writers" -> writers = Integer.parseInt(value);
                case "--writer-interval-ms" -> interval = Long.parseLong(value);
                case "--params" -> params = value;
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; see the class comment");
            }
        }
        OnlineCopyBenchmark bench = new OnlineCopyBenchmark(writers, interval, params);
        long began = System.nanoTime();
        bench.printSetting(rows);
        for (Config config : Config.values()) {
            bench.run(config, WARM_UP_ROWS, new LinkedHashMap<>());
        }
        System.out.println("Warm-up done (not reported)");
        List<Map<String, Double>> results = new ArrayList<>();
        boolean allCorrect = true;
        for (int round = 1; round <= rounds; round++) {
            Map<String, Double> r = new LinkedHashMap<>();
            boolean correct = true;
            for (Config config : Config.values()) {
                correct &= bench.run(config, rows, r);
            }
            allCorrect &= correct;
            System.out.printf(Locale.ROOT, "== round %d: %s%n", round, r);
            results.add(r);
        }
        printSummary(rows, rounds, ExpandBenchmark.medians(results), bench);
        System.out.printf(Locale.ROOT, "%nWhole run: %,d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        if (!allCorrect) {
            System.out.println("A CHECK FAILED: see above");
            System.exit(1);
        }
    }

    private void printSetting(long rows) throws SQLException {
        System.out.println("Database: MariaDB/MySQL, " + String.format(Locale.ROOT, "%,d", rows) + " rows");
        try (Connection c = db.bare(); Statement st = c.createStatement()) {
            ServerFacts.print(st, "SELECT version()", "SELECT @@lock_wait_timeout", "SELECT @@innodb_lock_wait_timeout",
                    "SELECT @@innodb_buffer_pool_size", "SELECT @@innodb_flush_log_at_trx_commit",
                    "SELECT @@performance_schema", "SELECT DATABASE()");
            String source = PreWaitMariaDb.metadataLockSource(st);
            // Not required: without a view of the metadata locks the swap's RENAME simply queues for its lock timeout.
            System.out.println("Metadata locks shown by: " + (source == null ? "nothing (no pre-wait before the swap)" : source));
        }
    }

    /** One configuration on a fresh table of {@code rows} rows; its figures under "&lt;config&gt;.*". */
    boolean run(Config config, long rows, Map<String, Double> r) throws Exception {
        createTable(rows);
        String key = config.name() + ".";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        try (OnlineCopyWriters w = writers(rows); Connection alterConnection = open(config);
             Statement st = alterConnection.createStatement()) {
            long leadStart = System.nanoTime();
            w.start();
            Thread.sleep(LEAD_MS);
            long alterStart = System.nanoTime();
            st.execute(config == Config.SERVER ? ALTER + ", ALGORITHM=COPY" : ALTER);
            long alterEnd = System.nanoTime();
            Thread.sleep(TAIL_MS);
            w.stop();
            long[] before = w.latencies(leadStart, alterStart);
            long[] lat = w.latencies(alterStart, alterEnd);
            double alterMs = ExpandBenchmark.ms(alterEnd - alterStart);
            int writes = w.count(alterStart, alterEnd);
            r.put(key + "alter.ms", alterMs);
            r.put(key + "writers.before.p99", ExpandBenchmark.percentile(before, 0.99));
            r.put(key + "writers.max", PreWaitBenchmark.max(lat));
            r.put(key + "writers.p99", ExpandBenchmark.percentile(lat, 0.99));
            r.put(key + "writes", (double) writes);
            r.put(key + "writes.perSecond", writes / alterMs * 1000);
            r.put(key + "errors", (double) w.errorCount());
            PreWaitBenchmark.meters(r, key, meters);
            if (!w.errors().isEmpty()) {
                System.out.println("  " + config.label + ": writer errors by SQLState/code: " + w.errors());
            }
            return checks(config, w.expectedRows(rows));
        } finally {
            SafeMigrate.useMeterRegistry(io.micrometer.core.instrument.Metrics.globalRegistry);
        }
    }

    private OnlineCopyWriters writers(long rows) throws SQLException {
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            cs.add(db.bare());
        }
        return new OnlineCopyWriters(cs, TABLE, rows, writerIntervalMillis);
    }

    /** The connection the ALTER is sent on, opened before the writers start, so its set-up is not timed. */
    private Connection open(Config config) throws SQLException {
        if (config == Config.SERVER) {
            return db.bare();
        }
        String safe = SafeUrl.wrap(db.url);
        String params = extraParams.isEmpty() ? ONLINE : ONLINE + "&" + extraParams;
        Connection c = db.connect(safe + (safe.contains("?") ? "&" : "?") + params);
        if (!c.getClass().getName().equals("dev.safemigrate.jdbc.SafeConnection")) {
            throw new IllegalStateException("expected the safemigrate wrapper, got " + c.getClass().getName());
        }
        return c;
    }

    /** Drops whatever a previous run left (the copy's tables and journal too) and builds the table by doubling. */
    private void createTable(long rows) throws SQLException {
        try (Connection c = db.bare(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS `" + TABLE + "`, `_" + TABLE + "_new`, `_" + TABLE + "_old`,"
                    + " `safemigrate_online_copy`");
            st.execute("CREATE TABLE `" + TABLE + "` (id bigint PRIMARY KEY, customer int NOT NULL,"
                    + " amount int NOT NULL, note varchar(40)) ENGINE=InnoDB");
            st.execute("INSERT INTO `" + TABLE + "` VALUES (1, 7, 10, 'first')");
            for (long n = 1; n < rows; n *= 2) {
                st.execute("INSERT INTO `" + TABLE + "` SELECT id + " + n + ", (id * 7919) % 1000,"
                        + " 1 + (id * 104729) % 5000, CONCAT('n', id) FROM `" + TABLE + "` WHERE id + " + n
                        + " <= " + rows);
            }
            st.execute("ANALYZE TABLE `" + TABLE + "`");
        }
    }

    private boolean checks(Config config, long expectedRows) throws SQLException {
        try (Connection c = db.bare(); Statement st = c.createStatement()) {
            boolean ok = check(config, "amount is bigint", query(st, "SELECT COLUMN_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + TABLE + "' AND COLUMN_NAME = 'amount'")
                    .startsWith("bigint"))
                    & check(config, "constraint added", query(st, "SELECT COUNT(*) FROM"
                    + " information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '"
                    + TABLE + "' AND CONSTRAINT_NAME = 'amount_positive'").equals("1"))
                    & check(config, "rows = original + inserted - deleted (" + expectedRows + ")",
                    query(st, "SELECT COUNT(*) FROM `" + TABLE + "`").equals(Long.toString(expectedRows)));
            if (config == Config.ONLINE) {
                ok &= check(config, "no trigger left", query(st, "SELECT COUNT(*) FROM information_schema.TRIGGERS"
                        + " WHERE TRIGGER_SCHEMA = DATABASE()").equals("0"))
                        & check(config, "original kept", query(st, "SELECT COUNT(*) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_" + TABLE + "_old'").equals("1"));
            }
            return ok;
        }
    }

    private static String query(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean check(Config config, String what, boolean passed) {
        if (!passed) {
            System.out.printf(Locale.ROOT, "  CHECK FAILED: %s: %s%n", config.label, what);
        }
        return passed;
    }

    private static void printSummary(long rows, int rounds, Map<String, Double> m, OnlineCopyBenchmark b) {
        System.out.printf(Locale.ROOT, "%nOnline table copy, %,d rows, %d writers each one write every %d ms"
                        + " (medians of %d round%s, ms)%n", rows, b.writers, b.writerIntervalMillis, rounds,
                rounds == 1 ? "" : "s");
        System.out.println("| config | ALTER total | writers max | writers p99 | writers p99 before | writes during"
                + " | writes/s | writer errors | lock retries | pre-waited |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Config c : Config.values()) {
            String k = c.name() + ".";
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.1f | %,.1f | %,.1f | %,.0f | %,.0f | %.0f | %.0f | %,.0f |%n",
                    c.label, m.get(k + "alter.ms"), m.get(k + "writers.max"), m.get(k + "writers.p99"),
                    m.get(k + "writers.before.p99"), m.get(k + "writes"), m.get(k + "writes.perSecond"),
                    m.get(k + "errors"), m.get(k + "lockRetries"), m.get(k + "preWait.ms"));
        }
        System.out.printf(Locale.ROOT, "%nOnline copy time / server copy time: %.2f×%n",
                m.get("ONLINE.alter.ms") / m.get("SERVER.alter.ms"));
        System.out.printf(Locale.ROOT, "Writers' max stall: server copy %,.1f ms, online copy %,.1f ms (%.1f× less)%n",
                m.get("SERVER.writers.max"), m.get("ONLINE.writers.max"),
                m.get("SERVER.writers.max") / m.get("ONLINE.writers.max"));
    }
}
