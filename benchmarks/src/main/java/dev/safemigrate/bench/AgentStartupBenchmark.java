package dev.safemigrate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code -javaagent:safemigrate-agent.jar} adds to the start of a JVM and to its first connection:
 * small JVMs ({@link StartupProbe}) started one after the other, every variant once per round in a
 * shuffled order, so that load from other work on the machine falls on all variants alike.
 *
 * <ol>
 *   <li>{@code empty} / {@code empty+agent}: a main that returns at once. The agent only parses its
 *       options and registers its class-file filter: this is what it adds to JVM start.</li>
 *   <li>{@code load} / {@code load+agent}: a main that loads pgjdbc ({@code Class.forName}). pgjdbc's
 *       {@code Driver} is the first class that names {@code java/sql/Driver}, so the agent builds ByteBuddy
 *       here and instruments it.</li>
 *   <li>{@code connect} / {@code connect+agent}: a main that opens one connection to PostgreSQL and runs
 *       {@code SELECT 1}; with the agent the connection is wrapped.</li>
 *   <li>{@code connect-url}: the same through a {@code jdbc:safemigrate:} URL without the agent (the agent jar
 *       on the class path as a plain library, so the driver code and its relocated dependencies are the same
 *       as the agent's): what the wrapping costs without ByteBuddy.</li>
 * </ol>
 *
 * Each JVM's time is the wall time from starting the process to its exit, measured here, and the CPU time the
 * probe reads for its own process at the end of {@code main} (all threads, JIT and GC included), which other work
 * on the machine disturbs less. The class path
 * is a directory holding {@code StartupProbe} and pgjdbc's jar; nothing else.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.safemigrate.bench.AgentStartupBenchmark \
 *     [--rounds=20] [--warmup=2] [--agent=&lt;agent jar; default agent/target/safemigrate-agent-*.jar&gt;]
 *     [--pgjdbc=&lt;path of the pgjdbc jar&gt;] [--agent-options=key=value,…] [--variants=empty,empty+agent,…]
 *     [--agent-b=&lt;a second agent jar: adds empty+agentB, load+agentB, connect+agentB&gt;]
 * </pre>
 *
 * Environment: {@code SAFEMIGRATE_BENCH_PG_URL} (a bare {@code jdbc:postgresql:} URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/wt_bench}), {@code SAFEMIGRATE_BENCH_PG_USER} (default
 * {@code postgres}), {@code SAFEMIGRATE_BENCH_PG_PASSWORD}. The pgjdbc jar defaults to the one in the local
 * Maven repository for the pgjdbc version this jar was built with.
 */
public final class AgentStartupBenchmark {
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");

    enum Variant {
        EMPTY("empty", "empty", 0, false, null),
        EMPTY_AGENT("empty+agent", "empty", 1, false, null),
        LOAD("load", "load", 0, false, null),
        LOAD_AGENT("load+agent", "load", 1, false, null),
        CONNECT("connect", "connect", 0, false, "org.postgresql.jdbc.PgConnection"),
        CONNECT_AGENT("connect+agent", "connect", 1, false, "dev.safemigrate.jdbc.SafeConnection"),
        CONNECT_URL("connect-url", "connect-url", 0, true, "dev.safemigrate.jdbc.SafeConnection"),
        /** With {@code --agent-b}: the same with a second agent jar, e.g. before and after a change. */
        EMPTY_AGENT_B("empty+agentB", "empty", 2, false, null),
        LOAD_AGENT_B("load+agentB", "load", 2, false, null),
        CONNECT_AGENT_B("connect+agentB", "connect", 2, false, "dev.safemigrate.jdbc.SafeConnection");

        final String label;
        final String mode;
        /** 0: no agent, 1: {@code --agent}, 2: {@code --agent-b}. */
        final int agent;
        final boolean agentJarAsLibrary;
        final String expectedConnection;

        Variant(String label, String mode, int agent, boolean agentJarAsLibrary, String expectedConnection) {
            this.label = label;
            this.mode = mode;
            this.agent = agent;
            this.agentJarAsLibrary = agentJarAsLibrary;
            this.expectedConnection = expectedConnection;
        }

        static Variant of(String label) {
            for (Variant v : values()) {
                if (v.label.equals(label.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown variant " + label);
        }
    }

    /** One JVM run: wall time, CPU time, the probe's own connect time, the agent's "ready in" time (or -1). */
    record Run(Variant variant, int round, double wallMs, double cpuMs, double connectMs, double readyMs) {
    }

    private final Path probeClasses;
    private final Path pgjdbc;
    private final Path agent;
    private final Path agentB;
    private final String agentOptions;
    private final Map<String, String> environment;

    AgentStartupBenchmark(Path probeClasses, Path pgjdbc, Path agent, Path agentB, String agentOptions,
                          Map<String, String> environment) {
        this.probeClasses = probeClasses;
        this.pgjdbc = pgjdbc;
        this.agent = agent;
        this.agentB = agentB;
        this.agentOptions = agentOptions;
        this.environment = environment;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        int warmup = 2;
        Path agent = null;
        Path agentB = null;
        Path pgjdbc = null;
        String agentOptions = null;
        List<Variant> variants = null;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--agent" -> agent = Path.of(value);
                case "--agent-b" -> agentB = Path.of(value);
                case "--pgjdbc" -> pgjdbc = Path.of(value);
                case "--agent-options" -> agentOptions = value;
                case "--variants" -> variants = Arrays.stream(value.split(",")).map(Variant::of).toList();
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; see the class comment");
            }
        }
        if (pgjdbc == null) {
            pgjdbc = defaultPgjdbcJar();
        }
        if (agent == null) {
            agent = defaultAgentJar();
        }
        if (variants == null) {
            boolean withB = agentB != null;
            variants = Arrays.stream(Variant.values()).filter(v -> withB || v.agent != 2).toList();
        } else if (agentB == null && variants.stream().anyMatch(v -> v.agent == 2)) {
            throw new IllegalArgumentException("the agentB variants need --agent-b");
        }
        for (Path jar : agentB == null ? List.of(agent, pgjdbc) : List.of(agent, agentB, pgjdbc)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " does not exist (see --agent, --pgjdbc)");
            }
        }
        String url = env("SAFEMIGRATE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/wt_bench");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("SAFEMIGRATE_BENCH_PG_URL must be a bare jdbc:postgresql: URL");
        }
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("SAFEMIGRATE_BENCH_PG_URL", url);
        environment.put("SAFEMIGRATE_BENCH_PG_USER", env("SAFEMIGRATE_BENCH_PG_USER", "postgres"));
        String password = System.getenv("SAFEMIGRATE_BENCH_PG_PASSWORD");
        if (password != null) {
            environment.put("SAFEMIGRATE_BENCH_PG_PASSWORD", password);
        }

        AgentStartupBenchmark bench = new AgentStartupBenchmark(probeClassesDirectory(), pgjdbc, agent, agentB,
                agentOptions, environment);
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), %d processors; load average at start: %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.home"),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf(Locale.ROOT, "agent: %s (%s)%n%spgjdbc: %s%nagent options: %s%n", agent,
                Files.size(agent) / 1024 + " KiB", agentB == null ? "" : "agent B: " + agentB + "\n", pgjdbc,
                agentOptions == null ? "(none)" : agentOptions);

        Random shuffle = new Random(42);
        for (int round = 1; round <= warmup; round++) {
            for (Variant v : shuffled(variants, shuffle)) {
                bench.run(v, -round);
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d:", round));
            for (Variant v : shuffled(variants, shuffle)) {
                Run r = bench.run(v, round);
                runs.add(r);
                line.append(String.format(Locale.ROOT, " %s %.0f", v.label, r.wallMs()));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n%n", loadAverage());
        report(variants, runs);
    }

    private static <T> List<T> shuffled(List<T> items, Random random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }

    Run run(Variant v, int round) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (v.agent > 0) {
            command.add("-javaagent:" + (v.agent == 1 ? agent : agentB) + (agentOptions == null ? "" : "=" + agentOptions));
        }
        command.add("-cp");
        command.add(probeClasses + java.io.File.pathSeparator + pgjdbc
                + (v.agentJarAsLibrary ? java.io.File.pathSeparator + agent : ""));
        command.add(StartupProbe.class.getName());
        command.add(v.mode);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        double wallMs = (System.nanoTime() - started) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException(v.label + " exited with " + exit + ":\n" + output);
        }
        String connection = value(output, "connection");
        if (v.expectedConnection != null && !v.expectedConnection.equals(connection)) {
            throw new IllegalStateException(v.label + ": expected a " + v.expectedConnection + ", got " + connection
                    + ":\n" + output);
        }
        boolean ready = output.contains("safemigrate agent") && output.contains("ready in");
        boolean shouldBeReady = v.agent > 0 && !v.mode.equals("empty");
        if (ready != shouldBeReady) {
            throw new IllegalStateException(v.label + ": the agent " + (ready ? "built" : "did not build")
                    + " its instrumentation:\n" + output);
        }
        String connectMs = value(output, "connectMs");
        Matcher m = READY.matcher(output);
        String cpuMs = value(output, "cpuMs");
        return new Run(v, round, wallMs, cpuMs == null ? -1 : Double.parseDouble(cpuMs),
                connectMs == null ? -1 : Double.parseDouble(connectMs),
                m.find() ? Double.parseDouble(m.group(1)) : -1);
    }

    private static String value(String output, String key) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    // --- report ---------------------------------------------------------------------------------------

    private static void report(List<Variant> variants, List<Run> runs) {
        Map<Variant, List<Run>> by = new EnumMap<>(Variant.class);
        for (Run r : runs) {
            by.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
        }
        System.out.println("| variant | JVMs | wall median ms | wall p90 ms | wall min ms | CPU median ms | CPU p90 ms"
                + " | probe's connect + SELECT 1, median ms | agent 'ready in', median ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Variant v : variants) {
            List<Run> rs = by.get(v);
            System.out.printf(Locale.ROOT, "| `%s` | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |%n", v.label, rs.size(),
                    percentile(rs, Run::wallMs, 50), percentile(rs, Run::wallMs, 90), percentile(rs, Run::wallMs, 0),
                    percentile(rs, Run::cpuMs, 50), percentile(rs, Run::cpuMs, 90),
                    rs.get(0).connectMs() < 0 ? "" : String.format(Locale.ROOT, "%.0f", percentile(rs, Run::connectMs, 50)),
                    rs.get(0).readyMs() < 0 ? "" : String.format(Locale.ROOT, "%.0f", percentile(rs, Run::readyMs, 50)));
        }
        System.out.println();
        System.out.println("| comparison | wall: difference of medians | wall, paired by round: median | wall, paired: p90"
                + " | wall: ratio of medians | CPU: difference of medians | CPU, paired: median |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        compare(by, Variant.EMPTY_AGENT, Variant.EMPTY, "added to JVM start (no JDBC class loaded)");
        compare(by, Variant.LOAD_AGENT, Variant.LOAD, "added when pgjdbc loads (ByteBuddy built, Driver instrumented)");
        compare(by, Variant.CONNECT_AGENT, Variant.CONNECT, "added to start + first connection");
        compare(by, Variant.CONNECT_URL, Variant.CONNECT, "jdbc:safemigrate: URL, no agent, vs bare");
        compare(by, Variant.CONNECT_AGENT, Variant.CONNECT_URL, "agent vs jdbc:safemigrate: URL");
        compare(by, Variant.EMPTY_AGENT_B, Variant.EMPTY_AGENT, "agent B vs agent");
        compare(by, Variant.LOAD_AGENT_B, Variant.LOAD_AGENT, "agent B vs agent");
        compare(by, Variant.CONNECT_AGENT_B, Variant.CONNECT_AGENT, "agent B vs agent");
    }

    private static void compare(Map<Variant, List<Run>> by, Variant a, Variant b, String what) {
        List<Run> as = by.get(a);
        List<Run> bs = by.get(b);
        if (as == null || bs == null) {
            return;
        }
        List<Double> paired = paired(as, bs, Run::wallMs);
        List<Double> pairedCpu = paired(as, bs, Run::cpuMs);
        double ma = percentile(as, Run::wallMs, 50);
        double mb = percentile(bs, Run::wallMs, 50);
        System.out.printf(Locale.ROOT, "| `%s` − `%s` (%s) | %+.0f ms | %+.0f ms | %+.0f ms | %.2f× | %+.0f ms | %+.0f ms |%n",
                a.label, b.label, what, ma - mb, nearestRank(paired, 50), nearestRank(paired, 90), ma / mb,
                percentile(as, Run::cpuMs, 50) - percentile(bs, Run::cpuMs, 50), nearestRank(pairedCpu, 50));
    }

    /** a − b for the runs of the same round, sorted. */
    private static List<Double> paired(List<Run> as, List<Run> bs, ToDoubleFunction<Run> f) {
        List<Double> paired = new ArrayList<>();
        for (Run ra : as) {
            for (Run rb : bs) {
                if (ra.round() == rb.round()) {
                    paired.add(f.applyAsDouble(ra) - f.applyAsDouble(rb));
                }
            }
        }
        Collections.sort(paired);
        return paired;
    }

    private static double percentile(List<Run> runs, ToDoubleFunction<Run> f, int p) {
        List<Double> values = new ArrayList<>();
        for (Run r : runs) {
            values.add(f.applyAsDouble(r));
        }
        Collections.sort(values);
        return nearestRank(values, p);
    }

    /** Nearest-rank percentile of sorted values; p = 50 of an even count is the mean of the middle two. */
    static double nearestRank(List<Double> sorted, int p) {
        int n = sorted.size();
        if (p == 50 && n % 2 == 0) {
            return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted.get(Math.max(0, Math.min(n - 1, rank - 1)));
    }

    // --- set-up -------------------------------------------------------------------------------------

    /** A directory with StartupProbe.class only: the probes' class path must not see this jar's other classes. */
    private static Path probeClassesDirectory() throws IOException {
        Path dir = Files.createTempDirectory("safemigrate-startup-probe");
        String entry = StartupProbe.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(entry);
        Files.createDirectories(file.getParent());
        try (InputStream in = AgentStartupBenchmark.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not found");
            }
            Files.write(file, in.readAllBytes());
        }
        return dir;
    }

    private static Path defaultPgjdbcJar() throws ReflectiveOperationException {
        // pgjdbc is a runtime dependency of this module: read its version without compiling against it.
        String version = (String) Class.forName("org.postgresql.util.DriverInfo").getField("DRIVER_VERSION").get(null);
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(repository, "org", "postgresql", "postgresql", version, "postgresql-" + version + ".jar");
    }

    /** The shaded jar the agent module built (run from the repository's root). */
    private static Path defaultAgentJar() throws IOException {
        Path target = Path.of("agent", "target");
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("safemigrate-agent-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no safemigrate-agent-*.jar in " + target.toAbsolutePath()
                            + ": build the agent module, or give --agent"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(target.toAbsolutePath() + " does not exist: run from the repository's root,"
                    + " or give --agent", e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
