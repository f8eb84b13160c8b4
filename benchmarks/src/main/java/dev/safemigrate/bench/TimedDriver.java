package dev.safemigrate.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A recording JDBC driver in front of pgjdbc: {@code jdbc:postgresql:timed%//host/db} connects to
 * {@code jdbc:postgresql://host/db} and notes, for every statement executed on its connections, the SQL and
 * when it started and ended. Put behind {@code jdbc:safemigrate:}, it shows what safemigrate sent and how long
 * each step took, so that the benchmark can tell the backfill from the rest of an expansion without logs.
 *
 * <p>pgjdbc rejects the URL (it cannot decode the broken {@code %} escape), so this driver is the only one
 * that accepts it, whatever the {@code DriverManager} order (the same trick as {@link FakeDriver}).
 * Connections, statements and {@code unwrap} are forwarded through dynamic proxies; the cost, well under a
 * microsecond per call, is nothing next to a round trip.
 */
public final class TimedDriver implements Driver {
    static final String PREFIX = "jdbc:postgresql:timed%";
    private static final List<Executed> EXECUTED = new ArrayList<>();

    /** One statement sent to the server; times from {@link System#nanoTime()}. */
    public record Executed(String sql, long startNanos, long endNanos) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    static {
        try {
            DriverManager.registerDriver(new TimedDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Forces class initialisation, i.e. registration with DriverManager. Idempotent. */
    static void register() {
        // the static initialiser does the work
    }

    /** {@code jdbc:postgresql://…} → the URL of this driver for it. */
    static String timed(String pgjdbcUrl) {
        return PREFIX + pgjdbcUrl.substring("jdbc:postgresql:".length());
    }

    /** The statements recorded since the last call, in order of their start; clears the record. */
    static synchronized List<Executed> drain() {
        List<Executed> out = new ArrayList<>(EXECUTED);
        EXECUTED.clear();
        out.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return out;
    }

    private static synchronized void record(String sql, long start, long end) {
        EXECUTED.add(new Executed(sql, start, end));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:postgresql:" + url.substring(PREFIX.length()), info);
        return proxy(Connection.class, real, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, String preparedSql) {
        InvocationHandler handler = (p, method, args) -> invoke(type, target, preparedSql, method, args);
        return (T) Proxy.newProxyInstance(TimedDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Class<?> type, Object target, String preparedSql, Method method, Object[] args)
            throws Throwable {
        String name = method.getName();
        String sql = preparedSql != null ? preparedSql
                : args != null && args.length > 0 && args[0] instanceof String s ? s : null;
        boolean executes = type != Connection.class && name.startsWith("execute") && sql != null;
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (executes) {
                record(sql, start, System.nanoTime());
            }
        }
        if (type == Connection.class && name.equals("prepareStatement")) {
            return proxy(PreparedStatement.class, result, sql);
        }
        if (type == Connection.class && name.equals("createStatement")) {
            return proxy(Statement.class, result, null);
        }
        return result;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
