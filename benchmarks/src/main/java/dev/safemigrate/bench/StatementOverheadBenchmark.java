package dev.safemigrate.bench;

import dev.safemigrate.jdbc.SafeUrl;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Per-statement cost of the safemigrate wrapper on the hot path: a plain (non-DDL) statement whose
 * classification is already cached. Each {@code _bare} benchmark calls the fake driver directly;
 * its {@code _throughSafemigrate} twin makes the same call through the connection that
 * {@code DriverManager.getConnection("jdbc:safemigrate:postgresql:fake%")} returns. The difference
 * of the two is what safemigrate adds per statement.
 *
 * <p>The fake driver does no work at all, so the ratio between the two looks much worse than it
 * would against pgjdbc and a real server; read the absolute difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatementOverheadBenchmark {
    static final String SQL = "SELECT id, name FROM users WHERE id = 42";
    static final String SAFE_URL = SafeUrl.wrap(FakeDriver.URL);

    /** One bare and one wrapped connection, each with a plain and a prepared statement. */
    @State(Scope.Thread)
    public static class Connections {
        Connection bare;
        Connection safe;
        Statement bareStatement;
        Statement safeStatement;
        PreparedStatement barePrepared;
        PreparedStatement safePrepared;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            FakeDriver.register();
            bare = DriverManager.getConnection(FakeDriver.URL);
            if (!(bare instanceof FakeConnection)) {
                throw new IllegalStateException("expected the fake driver, got " + bare.getClass().getName());
            }
            safe = openSafe();
            bareStatement = bare.createStatement();
            safeStatement = safe.createStatement();
            barePrepared = bare.prepareStatement(SQL);
            safePrepared = safe.prepareStatement(SQL);
            // Classify SQL once so that every measured call is a cache hit.
            safeStatement.executeQuery(SQL).close();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            bare.close();
            safe.close();
        }
    }

    /**
     * A wrapped connection opened after a {@link SimpleMeterRegistry} was added to Micrometer's
     * global registry, as Spring Boot does with its registry: the per-statement counter then
     * really counts, instead of incrementing a composite with no children.
     */
    @State(Scope.Thread)
    public static class WithMeterRegistry {
        Connection safe;
        Statement safeStatement;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            FakeDriver.register();
            Metrics.addRegistry(new SimpleMeterRegistry());
            safe = openSafe();
            safeStatement = safe.createStatement();
            safeStatement.executeQuery(SQL).close();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            safe.close();
        }
    }

    static Connection openSafe() throws SQLException {
        Connection c = DriverManager.getConnection(SAFE_URL);
        if (!c.getClass().getName().equals("dev.safemigrate.jdbc.SafeConnection")) {
            throw new IllegalStateException("expected the safemigrate wrapper, got " + c.getClass().getName());
        }
        // pgjdbc is on the class path too: make sure the wrapper wraps the fake, not a real connection
        if (!FakeDriver.VERSION.equals(c.getMetaData().getDatabaseProductVersion())) {
            throw new IllegalStateException("expected safemigrate to wrap the fake driver, got "
                    + c.getMetaData().getDatabaseProductVersion());
        }
        return c;
    }

    /** What an application does with the result: read every row, then close it. */
    static void consume(ResultSet rs, Blackhole bh) throws SQLException {
        while (rs.next()) {
            bh.consume(rs.getLong(1));
            bh.consume(rs.getString(2));
        }
        rs.close();
    }

    // ---- Statement.executeQuery(String) + read the row ----------------------------------------

    @Benchmark
    public void executeQuery_bare(Connections c, Blackhole bh) throws SQLException {
        consume(c.bareStatement.executeQuery(SQL), bh);
    }

    @Benchmark
    public void executeQuery_throughSafemigrate(Connections c, Blackhole bh) throws SQLException {
        consume(c.safeStatement.executeQuery(SQL), bh);
    }

    @Benchmark
    public void executeQuery_throughSafemigrateWithMeterRegistry(WithMeterRegistry c, Blackhole bh)
            throws SQLException {
        consume(c.safeStatement.executeQuery(SQL), bh);
    }

    // ---- Statement.execute(String): no result-set wrapper -------------------------------------

    @Benchmark
    public boolean execute_bare(Connections c) throws SQLException {
        return c.bareStatement.execute(SQL);
    }

    @Benchmark
    public boolean execute_throughSafemigrate(Connections c) throws SQLException {
        return c.safeStatement.execute(SQL);
    }

    // ---- PreparedStatement.executeQuery(): classified once at prepare time -------------------

    @Benchmark
    public void preparedExecuteQuery_bare(Connections c, Blackhole bh) throws SQLException {
        consume(c.barePrepared.executeQuery(), bh);
    }

    @Benchmark
    public void preparedExecuteQuery_throughSafemigrate(Connections c, Blackhole bh) throws SQLException {
        consume(c.safePrepared.executeQuery(), bh);
    }
}
