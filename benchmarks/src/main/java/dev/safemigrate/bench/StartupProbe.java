package dev.safemigrate.bench;

import dev.safemigrate.jdbc.SafeUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The small program {@link AgentStartupBenchmark} starts again and again, in a JVM of its own with a
 * class path of this class and pgjdbc (plus, for {@code connect-url}, the agent jar as a library).
 * It uses nothing but the JDK and, through {@code DriverManager}, the JDBC driver. Modes:
 * <ul>
 *   <li>{@code empty}: returns at once (what starting a JVM costs);</li>
 *   <li>{@code load}: loads and registers pgjdbc ({@code Class.forName("org.postgresql.Driver")});</li>
 *   <li>{@code connect}: opens one connection with {@code SAFEMIGRATE_BENCH_PG_URL} and runs {@code SELECT 1};</li>
 *   <li>{@code connect-url}: the same through {@code jdbc:safemigrate:} + that URL.</li>
 * </ul>
 * Prints {@code connection=<class>}, {@code connectMs=<time to open the connection and run the query>} and
 * {@code cpuMs=<CPU time of the process so far>}.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "empty" -> {
            }
            case "load" -> Class.forName("org.postgresql.Driver");
            case "connect" -> connect(System.getenv("SAFEMIGRATE_BENCH_PG_URL"));
            case "connect-url" -> connect(SafeUrl.wrap(System.getenv("SAFEMIGRATE_BENCH_PG_URL")));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        // CPU time of all the JVM's threads so far (JIT and GC included): less disturbed than wall time by
        // other work on the machine. Read from the operating system; -1 where it does not say.
        System.out.println("cpuMs=" + ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6)
                .orElse(-1.0));
    }

    private static void connect(String url) throws Exception {
        long started = System.nanoTime();
        String type;
        try (Connection c = DriverManager.getConnection(url, System.getenv("SAFEMIGRATE_BENCH_PG_USER"),
                System.getenv("SAFEMIGRATE_BENCH_PG_PASSWORD"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            if (rs.getInt(1) != 1) {
                throw new IllegalStateException("SELECT 1 did not return 1");
            }
            type = c.getClass().getName();
        }
        System.out.println("connection=" + type);
        System.out.println("connectMs=" + (System.nanoTime() - started) / 1_000_000.0);
    }
}
