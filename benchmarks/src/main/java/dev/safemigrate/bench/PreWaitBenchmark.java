package dev.safemigrate.bench;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.jdbc.SafeUrl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * safemigrate's defaults ({@code safemigrate.preWait=true}, {@code safemigrate.lockTimeout.first=50ms}) against its
 * fixed lock timeout (the behaviour before they were the defaults) and the bare driver, side by side in one run, on
 * PostgreSQL or MariaDB/MySQL: what readers of the table see while {@code ALTER TABLE prewait_bench ADD COLUMN
 * added int} waits for its lock, and when the ALTER is done.
 *
 * <p>Configurations: <b>bare driver</b> (pgjdbc or Connector/J, no safemigrate); <b>safemigrate fixed timeout</b>
 * ({@code safemigrate.preWait=false&safemigrate.lockTimeout.first=off}: lockTimeout 1 s for every attempt,
 * retry.maxAttempts 10, baseDelay 250 ms); <b>safemigrate defaults</b> (no parameters: each attempt first waits,
 * without queueing, while another session's transaction holds a conflicting lock on the table, and the attempts'
 * lock timeouts grow 50, 100, … ms up to lockTimeout; on MariaDB/MySQL lock_wait_timeout is whole seconds, so each
 * attempt waits at least 1 s there and the pre-wait is what helps).
 *
 * <ol>
 *   <li><b>Blocker</b>: a session opens a transaction, reads the table ({@code SELECT count(*)}: ACCESS SHARE on
 *       PostgreSQL, a shared metadata lock on MariaDB/MySQL) and holds it for {@code --hold-ms} (6 s); 300 ms after
 *       it began the ALTER is sent; then the blocker commits. Through all three configurations. Figures: the
 *       readers' max and p99 latency from the ALTER's start to its end, and the time from the blocker's commit to
 *       the ALTER's end.</li>
 *   <li><b>Lock storm</b>: {@code --storm-rate} (50) short conflicting transactions per second (each
 *       {@code UPDATE} of one random row, ~5 ms sleep, {@code COMMIT}) from {@code --storm-threads} (5) threads for
 *       {@code --storm-seconds} (5); the ALTER is sent 1 s in. Through the fixed timeout and the defaults. Figures:
 *       the ALTER's time, whether it ended while the storm still ran, the readers' and the storm transactions' max
 *       and p99.</li>
 * </ol>
 *
 * <p>Readers: {@code --readers} (2) threads, each on its own bare connection (autocommit), each a
 * {@code SELECT balance … WHERE id = ?} of a random row every 20 ms (at once when late). An operation counts for a
 * window when it was in flight at some time in it; one still running counts with its time so far. The table is
 * built fresh (1,000 rows) for each scenario; the safemigrate connection is opened before the blocker, so its
 * catalog reads are not timed. A warm-up runs the ALTER through each configuration once, with no blocker. Exits 1
 * when a check fails (the ALTER finished while the blocker held the table, or its column is missing).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.safemigrate.bench.PreWaitBenchmark [--db=postgresql|mariadb] \
 *     [--rounds=3] [--hold-ms=6000] [--readers=2] [--storm-rate=50] [--storm-threads=5] [--storm-seconds=5]
 * </pre>
 *
 * Environment for {@code --db=postgresql} (the default): {@code SAFEMIGRATE_BENCH_PG_URL} (a bare
 * {@code jdbc:postgresql:} URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?currentSchema=safemigrate_prewait_bench}; the schema in
 * {@code currentSchema} is created when missing), {@code SAFEMIGRATE_BENCH_PG_USER} (default {@code postgres}),
 * {@code SAFEMIGRATE_BENCH_PG_PASSWORD}.
 *
 * <p>Environment for {@code --db=mariadb} (MariaDB or MySQL, through Connector/J):
 * {@code SAFEMIGRATE_BENCH_MYSQL_URL} (a bare {@code jdbc:mysql:} URL, default
 * {@code jdbc:mysql://127.0.0.1:3306/test}; its database must exist), {@code SAFEMIGRATE_BENCH_MYSQL_USER} (default
 * {@code root}), {@code SAFEMIGRATE_BENCH_MYSQL_PASSWORD}. The server must show its metadata locks
 * (performance_schema with the {@code wait/lock/metadata/sql/mdl} instrument, or MariaDB's METADATA_LOCK_INFO
 * plugin); the run prints which, and exits 1 before measuring when neither.
 */
public final class PreWaitBenchmark {
    static final String TABLE = PreWaitDatabase.TABLE;
    static final String ALTER = "ALTER TABLE " + TABLE + " ADD COLUMN added int";
    /** The behaviour before preWait and lockTimeout.first were on by default. */
    static final String FIXED_TIMEOUT = "safemigrate.preWait=false&safemigrate.lockTimeout.first=off";
    private static final long READER_INTERVAL_MS = 20;
    private static final long ALTER_DELAY_MS = 300;
    private static final long STORM_LEAD_MS = 1000;
    private static final int ROWS = PreWaitDatabase.ROWS;

    /** How the ALTER is sent. */
    enum Config {
        BARE("bare driver", null),
        FIXED("safemigrate fixed timeout", PreWaitBenchmark.FIXED_TIMEOUT),
        DEFAULTS("safemigrate defaults", "");

        final String label;
        /** safemigrate's URL parameters; null for the bare driver, empty for safemigrate's defaults. */
        final String params;

        Config(String label, String params) {
            this.label = label;
            this.params = params;
        }
    }

    /** Scenario B compares safemigrate's two behaviours only, as it always has. */
    private static final Config[] STORM_CONFIGS = {Config.FIXED, Config.DEFAULTS};

    private final PreWaitDatabase db;
    private final long holdMillis;
    private final int readers;
    private final int stormRate;
    private final int stormThreads;
    private final long stormMillis;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "alter");
        t.setDaemon(true);
        return t;
    });

    PreWaitBenchmark(PreWaitDatabase db, long holdMillis, int readers, int stormRate, int stormThreads,
                     long stormMillis) {
        this.db = db;
        this.holdMillis = holdMillis;
        this.readers = readers;
        this.stormRate = stormRate;
        this.stormThreads = stormThreads;
        this.stormMillis = stormMillis;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long hold = 6000;
        int readers = 2;
        int stormRate = 50;
        int stormThreads = 5;
        long stormSeconds = 5;
        String dbName = "postgresql";
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length > 1 ? kv[1].replace("_", "") : "";
            switch (kv[0]) {
                case "--db" -> dbName = value;
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--hold-ms" -> hold = Long.parseLong(value);
                case "--readers" -> readers = Integer.parseInt(value);
                case "--storm-rate" -> stormRate = Integer.parseInt(value);
                case "--storm-threads" -> stormThreads = Integer.parseInt(value);
                case "--storm-seconds" -> stormSeconds = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; see the class comment");
            }
        }
        PreWaitBenchmark bench = new PreWaitBenchmark(PreWaitDatabase.of(dbName), hold, readers, stormRate,
                stormThreads, TimeUnit.SECONDS.toMillis(stormSeconds));
        long began = System.nanoTime();
        System.out.println("Database: " + bench.db.label());
        if (!bench.db.prepare()) {
            System.out.println("A CHECK FAILED: the server cannot run this benchmark (see above)");
            System.exit(1);
        }
        bench.warmUp();
        List<Map<String, Double>> results = new ArrayList<>();
        boolean allCorrect = true;
        for (int round = 1; round <= rounds; round++) {
            Map<String, Double> r = new LinkedHashMap<>();
            boolean correct = true;
            for (Config config : Config.values()) {
                correct &= bench.blocker(config, r);
            }
            for (Config config : STORM_CONFIGS) {
                correct &= bench.storm(config, r);
            }
            r.put("correct", correct ? 1.0 : 0.0);
            allCorrect &= correct;
            System.out.printf(Locale.ROOT, "== round %d: %s%n", round, r);
            results.add(r);
        }
        Map<String, Double> median = ExpandBenchmark.medians(results);
        printRounds(results);
        printSummary(rounds, median, bench);
        System.out.printf(Locale.ROOT, "%nWhole run: %,d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        bench.pool.shutdownNow();
        if (!allCorrect) {
            System.out.println("A CHECK FAILED: see the rounds above");
            System.exit(1);
        }
    }

    Connection bare() throws SQLException {
        return db.bare();
    }

    /** The connection the ALTER is sent on. */
    Connection open(Config config) throws SQLException {
        if (config.params == null) {
            return bare();
        }
        String safe = SafeUrl.wrap(db.url);
        Connection c = db.connect(config.params.isEmpty() ? safe
                : safe + (safe.contains("?") ? "&" : "?") + config.params);
        if (!c.getClass().getName().equals("dev.safemigrate.jdbc.SafeConnection")) {
            throw new IllegalStateException("expected the safemigrate wrapper, got " + c.getClass().getName());
        }
        return c;
    }

    void createTable() throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            db.createTable(st);
        }
    }

    /** The ALTER through every configuration once, with readers and no blocker: class loading, JIT, prepares. */
    void warmUp() throws Exception {
        for (Config config : Config.values()) {
            createTable();
            try (LoadThreads r = readers(); Connection c = open(config); Statement st = c.createStatement()) {
                r.start();
                Thread.sleep(200);
                st.execute(ALTER);
                r.stop();
            }
        }
        System.out.println("Warm-up done (not reported)");
    }

    private LoadThreads readers() throws SQLException {
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            cs.add(bare());
        }
        return new LoadThreads("reader", cs, READER_INTERVAL_MS, (c, random) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM " + TABLE + " WHERE id = ?")) {
                ps.setInt(1, random.nextInt(1, ROWS + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        });
    }

    private LoadThreads storm() throws SQLException {
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < stormThreads; i++) {
            Connection c = bare();
            c.setAutoCommit(false);
            cs.add(c);
        }
        long interval = Math.max(1, 1000L * stormThreads / stormRate);
        return new LoadThreads("storm", cs, interval, (c, random) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET balance = balance + 1 WHERE id = ?")) {
                ps.setInt(1, random.nextInt(1, ROWS + 1));
                ps.executeUpdate();
            }
            Thread.sleep(5);
            c.commit();
        });
    }

    /** Scenario A for one configuration; its figures under "A.&lt;config&gt;.*". */
    boolean blocker(Config config, Map<String, Double> r) throws Exception {
        createTable();
        String key = "A." + config.name() + ".";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        try (LoadThreads readers = readers(); Connection alterConnection = open(config);
             Connection blocker = bare()) {
            readers.start();
            Thread.sleep(200);
            blocker.setAutoCommit(false);
            long blockerStart = System.nanoTime();
            try (Statement st = blocker.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
            }
            Thread.sleep(ALTER_DELAY_MS);
            long alterStart = System.nanoTime();
            Future<Long> alter = pool.submit(() -> {
                try (Statement st = alterConnection.createStatement()) {
                    st.execute(ALTER);
                }
                return System.nanoTime();
            });
            TimeUnit.NANOSECONDS.sleep(blockerStart + TimeUnit.MILLISECONDS.toNanos(holdMillis) - System.nanoTime());
            boolean doneWhileBlocked = alter.isDone();
            long commit = System.nanoTime();
            blocker.commit();
            long alterEnd = alter.get(60, TimeUnit.SECONDS);
            Thread.sleep(100);
            readers.stop();
            long[] lat = readers.latencies(alterStart, alterEnd);
            r.put(key + "readers.max", max(lat));
            r.put(key + "readers.p99", ExpandBenchmark.percentile(lat, 0.99));
            r.put(key + "reads", (double) lat.length);
            r.put(key + "alter.ms", ExpandBenchmark.ms(alterEnd - alterStart));
            r.put(key + "afterCommit.ms", ExpandBenchmark.ms(alterEnd - commit));
            meters(r, key, meters);
            return check(config + ": the ALTER finished while the blocker held the table", doneWhileBlocked, false)
                    & check(config + ": column added", columnExists(), true);
        } finally {
            SafeMigrate.useMeterRegistry(io.micrometer.core.instrument.Metrics.globalRegistry);
        }
    }

    /** Scenario B for one configuration; its figures under "B.&lt;config&gt;.*". */
    boolean storm(Config config, Map<String, Double> r) throws Exception {
        createTable();
        String key = "B." + config.name() + ".";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(meters);
        try (LoadThreads readers = readers(); LoadThreads storm = storm(); Connection alterConnection = open(config)) {
            readers.start();
            long stormStart = System.nanoTime();
            storm.start();
            Thread.sleep(STORM_LEAD_MS);
            long alterStart = System.nanoTime();
            Future<Long> alter = pool.submit(() -> {
                try (Statement st = alterConnection.createStatement()) {
                    st.execute(ALTER);
                }
                return System.nanoTime();
            });
            long stormEnd = stormStart + TimeUnit.MILLISECONDS.toNanos(stormMillis);
            TimeUnit.NANOSECONDS.sleep(stormEnd - System.nanoTime());
            storm.stop();
            long stopped = System.nanoTime();
            long alterEnd = alter.get(120, TimeUnit.SECONDS);
            Thread.sleep(100);
            readers.stop();
            boolean duringStorm = alterEnd <= stopped;
            long windowEnd = Math.min(alterEnd, stopped);
            long[] lat = readers.latencies(alterStart, alterEnd);
            long[] tx = storm.latencies(alterStart, windowEnd);
            r.put(key + "alter.ms", ExpandBenchmark.ms(alterEnd - alterStart));
            r.put(key + "duringStorm", duringStorm ? 1.0 : 0.0);
            r.put(key + "readers.max", max(lat));
            r.put(key + "readers.p99", ExpandBenchmark.percentile(lat, 0.99));
            r.put(key + "storm.max", max(tx));
            r.put(key + "storm.p99", ExpandBenchmark.percentile(tx, 0.99));
            long inStorm = stormEnd - stormStart - TimeUnit.MILLISECONDS.toNanos(STORM_LEAD_MS);
            r.put(key + "storm.perSecond", storm.count(stormStart, stopped)
                    / ExpandBenchmark.ms(stopped - stormStart) * 1000);
            meters(r, key, meters);
            return check(config + ": column added", columnExists(), true) & inStorm > 0;
        } finally {
            SafeMigrate.useMeterRegistry(io.micrometer.core.instrument.Metrics.globalRegistry);
        }
    }

    /** Attempts that failed on their lock timeout, and the time pre-waited. */
    static void meters(Map<String, Double> r, String key, SimpleMeterRegistry meters) {
        double retries = 0;
        for (Counter c : meters.find("safemigrate.ddl.lock.retries").counters()) {
            retries += c.count();
        }
        Timer preWait = meters.find("safemigrate.ddl.prewait").timer();
        r.put(key + "lockRetries", retries);
        r.put(key + "preWait.ms", preWait == null ? 0 : preWait.totalTime(TimeUnit.MILLISECONDS));
    }

    private boolean columnExists() throws SQLException {
        try (Connection c = bare()) {
            return db.columnExists(c);
        }
    }

    static double max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }

    private static boolean check(String what, boolean actual, boolean expected) {
        if (actual != expected) {
            System.out.printf(Locale.ROOT, "  CHECK FAILED: %s: %s%n", what, actual);
            return false;
        }
        return true;
    }

    private static void printRounds(List<Map<String, Double>> results) {
        System.out.println("\nEvery round (ms):");
        String[] keys = {"A.BARE.readers.max", "A.FIXED.readers.max", "A.DEFAULTS.readers.max",
                "A.BARE.afterCommit.ms", "A.FIXED.afterCommit.ms", "A.DEFAULTS.afterCommit.ms",
                "B.FIXED.alter.ms", "B.DEFAULTS.alter.ms", "B.FIXED.readers.max", "B.DEFAULTS.readers.max"};
        StringBuilder h = new StringBuilder("| round |");
        for (String k : keys) {
            h.append(' ').append(k).append(" |");
        }
        System.out.println(h);
        for (int i = 0; i < results.size(); i++) {
            StringBuilder row = new StringBuilder("| ").append(i + 1).append(" |");
            for (String k : keys) {
                row.append(String.format(Locale.ROOT, " %,.1f |", results.get(i).get(k)));
            }
            System.out.println(row);
        }
    }

    private static void printSummary(int rounds, Map<String, Double> m, PreWaitBenchmark b) {
        System.out.printf(Locale.ROOT, "%nA. %s, blocker holding the table %,d ms, ALTER sent %d ms in; %d readers every"
                + " %d ms (medians of %d rounds, ms)%n", b.db.label(), b.holdMillis, ALTER_DELAY_MS, b.readers,
                READER_INTERVAL_MS, rounds);
        System.out.println("| config | readers max | readers p99 | ALTER done after commit | ALTER total | lock retries"
                + " | pre-waited | max vs bare | max vs fixed |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Config c : Config.values()) {
            String k = "A." + c.name() + ".";
            System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.1f | %,.1f | %.0f | %,.0f | %.3f× | %.3f× |%n",
                    c.label, m.get(k + "readers.max"), m.get(k + "readers.p99"), m.get(k + "afterCommit.ms"),
                    m.get(k + "alter.ms"), m.get(k + "lockRetries"), m.get(k + "preWait.ms"),
                    m.get(k + "readers.max") / m.get("A.BARE.readers.max"),
                    m.get(k + "readers.max") / m.get("A.FIXED.readers.max"));
        }
        System.out.printf(Locale.ROOT, "%nB. %s, lock storm: %d tx/s from %d threads for %,d ms, ALTER sent %d ms in"
                + " (medians of %d rounds, ms)%n", b.db.label(), b.stormRate, b.stormThreads, b.stormMillis,
                STORM_LEAD_MS, rounds);
        System.out.println("| config | ALTER time | done during storm (1 = yes, median) | readers max | readers p99 | storm tx max"
                + " | storm tx p99 | storm tx/s | lock retries | pre-waited |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Config c : STORM_CONFIGS) {
            String k = "B." + c.name() + ".";
            System.out.printf(Locale.ROOT, "| %s | %,.1f | %.0f | %,.1f | %,.1f | %,.1f | %,.1f | %.0f | %.0f | %,.0f |%n",
                    c.label, m.get(k + "alter.ms"), m.get(k + "duringStorm"), m.get(k + "readers.max"),
                    m.get(k + "readers.p99"), m.get(k + "storm.max"), m.get(k + "storm.p99"),
                    m.get(k + "storm.perSecond"), m.get(k + "lockRetries"), m.get(k + "preWait.ms"));
        }
        System.out.printf(Locale.ROOT, "%nTargets (reported, not asserted): readers' max with the defaults %,.1f ms"
                        + " (≤ 150); ALTER after the blocker's commit %,.1f ms (≤ 500)%n",
                m.get("A.DEFAULTS.readers.max"), m.get("A.DEFAULTS.afterCommit.ms"));
    }
}
