package dev.safemigrate.bench;

import dev.safemigrate.jdbc.SafeUrl;
import dev.safemigrate.SafeMigrate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Backfill of a column on a table of N rows, four ways, side by side in one run:
 *
 * <ol>
 *   <li>{@code single}: one {@code UPDATE backfill SET full_name = name WHERE full_name IS NULL} through pgjdbc;</li>
 *   <li>{@code batched}: the same statement through {@code jdbc:safemigrate:postgresql:…} with default settings,
 *       which runs it as keyset batches over the primary key;</li>
 *   <li>{@code limit}: the hand-written loop {@code UPDATE … WHERE id IN (SELECT id … WHERE full_name IS NULL
 *       LIMIT 1000)} through pgjdbc, autocommit, until it updates no row;</li>
 *   <li>{@code limit_nosync}: the same loop with {@code synchronize_seqscans} off (see {@link Method#LIMIT_NOSYNC}).</li>
 * </ol>
 *
 * <p>A warm-up pass on 20,000 rows runs every method once, unreported; then each size runs {@code --rounds}
 * rounds of all methods, and the summary gives medians. Every method starts on a freshly built table
 * ({@code DROP}, {@code CREATE}, load, {@code VACUUM ANALYZE}, {@code CHECKPOINT}). While it runs, a writer thread on its own pgjdbc connection updates random rows by primary
 * key, one autocommitted statement at a time, and records each write's latency: the p99 and the maximum are what
 * an application writing to the table would see. After each method the benchmark checks that every row was
 * backfilled and that the reported count equals N.
 *
 * <p>A plain {@code main}, not JMH: each measurement takes seconds (to minutes for large N).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.safemigrate.bench.BackfillBenchmark \
 *     [--sizes=100000,1000000] [--methods=single,batched,limit,limit_nosync] [--rounds=3]
 *     [--writer-interval-ms=2] [--limit-timeout-s=600]
 * </pre>
 *
 * Environment: {@code SAFEMIGRATE_BENCH_PG_URL} (a bare {@code jdbc:postgresql:} URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/wt_bench}), {@code SAFEMIGRATE_BENCH_PG_USER} (default
 * {@code postgres}), {@code SAFEMIGRATE_BENCH_PG_PASSWORD}.
 */
public final class BackfillBenchmark {
    static final String BACKFILL = "UPDATE backfill SET full_name = name WHERE full_name IS NULL";
    static final String LIMIT_LOOP = "UPDATE backfill SET full_name = name WHERE id IN"
            + " (SELECT id FROM backfill WHERE full_name IS NULL LIMIT 1000)";
    static final String WRITE = "UPDATE backfill SET name = name WHERE id = ?";

    enum Method {
        SINGLE("one UPDATE (pgjdbc)"),
        BATCHED("safemigrate batching"),
        LIMIT("LIMIT 1000 loop (pgjdbc)"),
        /**
         * The LIMIT loop with {@code SET synchronize_seqscans = off}. PostgreSQL starts a sequential scan of a
         * table larger than a quarter of shared_buffers where the previous scan of it stopped, so on a small
         * shared_buffers the loop's subquery does not rescan the already backfilled rows from block 0. With
         * the usual production shared_buffers (GBs) a table of this size is below that threshold and every
         * scan starts at block 0: this method shows that case on this server.
         */
        LIMIT_NOSYNC("LIMIT loop, synchronize_seqscans=off");

        final String label;

        Method(String label) {
            this.label = label;
        }
    }

    /** One method's run on a table of {@code rows} rows. */
    record Result(long rows, Method method, int round, long millis, long reported, boolean finished, long wrong,
                  long writes, double p50Ms, double p99Ms, double maxMs, String notes) {
        boolean correct() {
            return finished && wrong == 0 && reported == rows;
        }
    }

    private final String url;
    private final Properties credentials = new Properties();
    private final long writerIntervalNanos;
    private final long limitTimeoutNanos;

    BackfillBenchmark(String url, String user, String password, long writerIntervalMillis, long limitTimeoutSeconds) {
        this.url = url;
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.writerIntervalNanos = TimeUnit.MILLISECONDS.toNanos(writerIntervalMillis);
        this.limitTimeoutNanos = TimeUnit.SECONDS.toNanos(limitTimeoutSeconds);
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(100_000L, 1_000_000L);
        List<Method> methods = List.of(Method.values());
        long writerInterval = 2;
        long limitTimeout = 600;
        int rounds = 3;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).map(s -> Long.parseLong(s.replace("_", "")))
                        .toList();
                case "--methods" -> methods = Arrays.stream(value.split(","))
                        .map(s -> Method.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
                case "--writer-interval-ms" -> writerInterval = Long.parseLong(value);
                case "--limit-timeout-s" -> limitTimeout = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; see the class comment");
            }
        }
        String url = env("SAFEMIGRATE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/wt_bench");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("SAFEMIGRATE_BENCH_PG_URL must be a bare jdbc:postgresql: URL: " + url);
        }
        BackfillBenchmark bench = new BackfillBenchmark(url, env("SAFEMIGRATE_BENCH_PG_USER", "postgres"),
                System.getenv("SAFEMIGRATE_BENCH_PG_PASSWORD"), writerInterval, limitTimeout);
        bench.printServer();
        // Warm-up, not reported: loads and compiles the code of every method, safemigrate's included, so that
        // the first measured method does not pay for class loading and JIT.
        System.out.println("\nWarm-up on 20,000 rows (not reported)");
        for (Method m : methods) {
            Result r = bench.run(20_000, m, 0);
            System.out.printf(Locale.ROOT, "  -> %s%n", describe(r));
        }
        List<Result> results = new ArrayList<>();
        for (long n : sizes) {
            for (int round = 1; round <= rounds; round++) {
                for (Method m : methods) {
                    Result r = bench.run(n, m, round);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "  -> %s%n", describe(r));
                }
            }
        }
        printRounds(results);
        List<Summary> summaries = summarise(results);
        printTable(summaries);
        printMarkdown(summaries);
        if (results.stream().anyMatch(r -> !r.correct() && r.finished())) {
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

    Connection safe() throws SQLException {
        Connection c = DriverManager.getConnection(SafeUrl.wrap(url), credentials);
        if (!c.getClass().getName().equals("dev.safemigrate.jdbc.SafeConnection")) {
            throw new IllegalStateException("expected the safemigrate wrapper, got " + c.getClass().getName());
        }
        return c;
    }

    void printServer() throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            ServerFacts.print(st, "SELECT version()", "SHOW shared_buffers", "SHOW synchronous_commit",
                    "SHOW max_wal_size", "SHOW autovacuum");
        }
    }

    /** A fresh table of {@code n} rows, full_name NULL, vacuumed and analysed, with a checkpoint behind it. */
    void createTable(long n) throws SQLException {
        try (Connection c = bare(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS backfill");
            st.execute("CREATE TABLE backfill (id bigint PRIMARY KEY, name text NOT NULL, full_name text)");
            st.execute("INSERT INTO backfill (id, name) SELECT i, 'name-' || i FROM generate_series(1, " + n + ") i");
            st.execute("VACUUM ANALYZE backfill");
            st.execute("CHECKPOINT");
        }
    }

    Result run(long n, Method method, int round) throws Exception {
        System.out.printf(Locale.ROOT, "%n== %,d rows, round %d: %s%n", n, round, method.label);
        long t0 = System.nanoTime();
        createTable(n);
        System.out.printf(Locale.ROOT, "  table built in %,d ms%n", ms(System.nanoTime() - t0));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SafeMigrate.useMeterRegistry(registry);
        Writer writer = new Writer(n);
        Connection conn = method == Method.BATCHED ? safe() : bare();
        long reported = 0;
        boolean finished = true;
        String notes = "";
        long start;
        long end;
        try (conn) {
            conn.setAutoCommit(true);
            if (method == Method.LIMIT_NOSYNC) {
                try (Statement st = conn.createStatement()) {
                    st.execute("SET synchronize_seqscans = off");
                }
            }
            writer.startAndWarmUp();
            start = System.nanoTime();
            switch (method) {
                case SINGLE, BATCHED -> {
                    try (Statement st = conn.createStatement()) {
                        reported = st.executeLargeUpdate(BACKFILL);
                    }
                }
                case LIMIT, LIMIT_NOSYNC -> {
                    long iterations = 0;
                    try (Statement st = conn.createStatement()) {
                        while (true) {
                            long changed = st.executeLargeUpdate(LIMIT_LOOP);
                            iterations++;
                            reported += changed;
                            if (changed == 0) {
                                break;
                            }
                            if (System.nanoTime() - start > limitTimeoutNanos) {
                                finished = false;
                                break;
                            }
                        }
                    }
                    notes = iterations + " statements";
                }
                default -> throw new IllegalStateException(method.name());
            }
            end = System.nanoTime();
        } finally {
            writer.stop();
        }
        if (method == Method.BATCHED) {
            notes = batchNotes(registry, reported, end - start);
        }
        long wrong;
        try (Connection c = bare(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM backfill WHERE full_name IS DISTINCT FROM name")) {
            rs.next();
            wrong = rs.getLong(1);
        }
        long[] lat = writer.latencies();
        return new Result(n, method, round, ms(end - start), reported, finished, wrong, lat.length,
                percentile(lat, 0.50), percentile(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, notes);
    }

    /**
     * What the driver's meters say about the batching: batch count, rows per batch, and the time spent outside
     * the batches' own transactions (checks before batching, journal set-up, boundary queries between batches).
     */
    private static String batchNotes(SimpleMeterRegistry registry, long rows, long totalNanos) {
        Counter batches = registry.find("safemigrate.batch.batches").counter();
        Timer time = registry.find("safemigrate.batch.duration").timer();
        if (batches == null || batches.count() == 0) {
            return "NOT BATCHED";
        }
        long count = Math.round(batches.count());
        double inBatches = time.totalTime(TimeUnit.MILLISECONDS);
        return String.format(Locale.ROOT, "%d batches, avg %,d rows/batch, batch time mean %.0f ms, max %.0f ms;"
                        + " %.0f ms in batches, %.0f ms outside them", count, rows / count,
                time.mean(TimeUnit.MILLISECONDS), time.max(TimeUnit.MILLISECONDS), inBatches,
                totalNanos / 1e6 - inBatches);
    }

    /**
     * Updates random rows by key on its own autocommit connection, one write every {@code writerIntervalNanos}
     * (or at once when the previous write was late), and keeps each write's latency.
     */
    final class Writer implements Runnable {
        private final long rows;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(this, "writer");
        private final Object warm = new Object();
        private volatile boolean warmedUp;
        private volatile Throwable failure;
        private long[] latencies = new long[1 << 16];
        private int count;

        Writer(long rows) {
            this.rows = rows;
        }

        void startAndWarmUp() throws InterruptedException {
            thread.setDaemon(true);
            thread.start();
            synchronized (warm) {
                while (!warmedUp && failure == null) {
                    warm.wait(100);
                }
            }
            check();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            check();
        }

        private void check() {
            if (failure != null) {
                throw new IllegalStateException("the writer failed", failure);
            }
        }

        long[] latencies() {
            long[] copy = Arrays.copyOf(latencies, count);
            Arrays.sort(copy);
            return copy;
        }

        @Override
        public void run() {
            try (Connection c = bare(); PreparedStatement ps = c.prepareStatement(WRITE)) {
                c.setAutoCommit(true);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 200; i++) { // server-side prepare (pgjdbc prepareThreshold), JIT
                    ps.setLong(1, random.nextLong(1, rows + 1));
                    ps.executeUpdate();
                }
                synchronized (warm) {
                    warmedUp = true;
                    warm.notifyAll();
                }
                long next = System.nanoTime();
                while (!stop.get()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    ps.setLong(1, random.nextLong(1, rows + 1));
                    long t = System.nanoTime();
                    ps.executeUpdate();
                    long done = System.nanoTime();
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = done - t;
                    next = Math.max(next + writerIntervalNanos, done);
                }
            } catch (Throwable e) {
                failure = e;
                synchronized (warm) {
                    warm.notifyAll();
                }
            }
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "%,d ms, reported %,d rows, %s, writer: %,d writes, p50 %.2f ms,"
                        + " p99 %.1f ms, max %.1f ms%s",
                r.millis(), r.reported(), !r.finished() ? "STOPPED BY --limit-timeout-s"
                        : r.correct() ? "correct" : "WRONG (" + r.wrong() + " rows not backfilled)",
                r.writes(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.notes().isEmpty() ? "" : "; " + r.notes());
    }

    /** One method at one size over all rounds: medians, and the worst stall of any round. */
    record Summary(long rows, Method method, int rounds, long medianMillis, long minMillis, long maxMillis,
                   double medianP99Ms, double medianMaxMs, double worstMaxMs, boolean allCorrect,
                   boolean allFinished) {
    }

    /** The median of a sorted array (the lower middle one for an even length). */
    private static int mid(int length) {
        return (length - 1) / 2;
    }

    static List<Summary> summarise(List<Result> results) {
        List<Summary> out = new ArrayList<>();
        results.stream().map(Result::rows).distinct().forEach(n -> {
            for (Method m : Method.values()) {
                List<Result> rs = results.stream().filter(r -> r.rows() == n && r.method() == m).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                long[] millis = rs.stream().mapToLong(Result::millis).sorted().toArray();
                double[] p99 = rs.stream().mapToDouble(Result::p99Ms).sorted().toArray();
                double[] max = rs.stream().mapToDouble(Result::maxMs).sorted().toArray();
                out.add(new Summary(n, m, rs.size(), millis[mid(millis.length)], millis[0], millis[millis.length - 1],
                        p99[mid(p99.length)], max[mid(max.length)], max[max.length - 1],
                        rs.stream().allMatch(Result::correct), rs.stream().allMatch(Result::finished)));
            }
        });
        return out;
    }

    private static String ratio(List<Summary> all, Summary s) {
        Summary single = all.stream().filter(x -> x.rows() == s.rows() && x.method() == Method.SINGLE).findFirst()
                .orElse(null);
        return single == null || single.medianMillis() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f×", (double) s.medianMillis() / single.medianMillis());
    }

    private static String check(Summary s) {
        return !s.allFinished() ? "stopped" : s.allCorrect() ? "yes" : "**no**";
    }

    static void printRounds(List<Result> results) {
        System.out.println("\nEvery round:");
        System.out.printf(Locale.ROOT, "%10s %5s  %-36s %10s %8s %9s %9s %9s  %s%n", "rows", "round", "method",
                "total ms", "writes", "p50 ms", "p99 ms", "max ms", "notes");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%,10d %5d  %-36s %,10d %,8d %9.2f %9.1f %9.1f  %s%s%n", r.rows(), r.round(),
                    r.method().label, r.millis(), r.writes(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                    !r.finished() ? "STOPPED " : r.correct() ? "" : "WRONG ", r.notes());
        }
    }

    static void printTable(List<Summary> summaries) {
        System.out.printf(Locale.ROOT, "%nMedian of the rounds (writer max: median and worst round):%n"
                        + "%10s  %-36s %10s %15s %7s %9s %19s  %s%n", "rows", "method", "total ms", "range ms", "ratio",
                "p99 ms", "max ms (med/worst)", "correct");
        for (Summary s : summaries) {
            System.out.printf(Locale.ROOT, "%,10d  %-36s %,10d %15s %7s %9.1f %19s  %s%n", s.rows(), s.method().label,
                    s.medianMillis(), String.format(Locale.ROOT, "%,d–%,d", s.minMillis(), s.maxMillis()),
                    ratio(summaries, s), s.medianP99Ms(),
                    String.format(Locale.ROOT, "%.1f / %.1f", s.medianMaxMs(), s.worstMaxMs()), check(s));
        }
    }

    static void printMarkdown(List<Summary> summaries) {
        System.out.println();
        System.out.println("| rows | method | total time (median) | range | vs one UPDATE | writer p99 (median)"
                + " | writer max stall (median / worst) | correct |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---|");
        for (Summary s : summaries) {
            System.out.printf(Locale.ROOT, "| %,d | %s | %.2f s | %.2f–%.2f s | %s | %.1f ms | %.1f / %.1f ms | %s |%n",
                    s.rows(), s.method().label, s.medianMillis() / 1000.0, s.minMillis() / 1000.0,
                    s.maxMillis() / 1000.0, ratio(summaries, s), s.medianP99Ms(), s.medianMaxMs(), s.worstMaxMs(),
                    check(s));
        }
        System.out.println();
    }
}
