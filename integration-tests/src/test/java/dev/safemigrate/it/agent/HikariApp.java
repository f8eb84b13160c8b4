package dev.safemigrate.it.agent;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.Statement;

/**
 * An application with a HikariCP pool over the plain URL from the environment and no safemigrate
 * anywhere in its configuration. The first argument chooses how Hikari opens connections:
 * {@code jdbcUrl} (through the driver, {@code Driver#connect}), {@code dataSource} (through the
 * driver's data source: {@code org.postgresql.ds.PGSimpleDataSource}, or for a {@code jdbc:mariadb:} URL
 * {@code org.mariadb.jdbc.MariaDbDataSource}) or {@code lazy} (like {@code jdbcUrl}, but
 * configured on the {@code HikariDataSource} itself, so the pool starts inside the first
 * {@code getConnection()}). It borrows two connections at once
 * (so one was opened at pool start and the other by Hikari's own thread, or both by it), reports for
 * each what sits behind Hikari's proxy, then runs the remaining arguments as statements on a pooled
 * connection. Run in a forked JVM by the agent tests.
 *
 * <p>What it reports about layers it finds by name and reflection: this class path has no safemigrate
 * classes of its own; with the agent attached, its jar is on the system class path.
 */
public final class HikariApp {
    private static final String SAFE_CONNECTION = "dev.safemigrate.jdbc.SafeConnection";
    private static final String DELEGATING_CONNECTION = "dev.safemigrate.jdbc.DelegatingConnection";

    private HikariApp() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = args[0].equals("lazy") ? new HikariDataSource() : new HikariConfig();
        if (args[0].equals("dataSource")) {
            config.setDataSourceClassName(System.getenv("APP_URL").startsWith("jdbc:postgresql:")
                    ? "org.postgresql.ds.PGSimpleDataSource" : "org.mariadb.jdbc.MariaDbDataSource");
            config.addDataSourceProperty("url", System.getenv("APP_URL"));
        } else {
            config.setJdbcUrl(System.getenv("APP_URL"));
        }
        config.setUsername(System.getenv("APP_USER"));
        config.setPassword(System.getenv("APP_PASSWORD"));
        config.setMaximumPoolSize(2);
        // lazy: the pool starts inside the first getConnection(), as with Spring Boot's DataSourceBuilder
        try (HikariDataSource pool = config instanceof HikariDataSource lazy ? lazy : new HikariDataSource(config)) {
            try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
                report("first", first);
                report("second", second);
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                for (int i = 1; i < args.length; i++) {
                    s.execute(args[i]);
                }
            }
        }
        System.out.println("done=true");
    }

    private static void report(String name, Connection pooled) throws Exception {
        System.out.println(name + ".proxy=" + pooled.getClass().getName());
        Class<?> safe;
        try {
            safe = Class.forName(SAFE_CONNECTION);
        } catch (ClassNotFoundException e) {
            safe = null;
        }
        boolean ours = safe != null && pooled.isWrapperFor(safe);
        System.out.println(name + ".ours=" + ours);
        Object inner = ours ? pooled.unwrap(safe) : pooled.unwrap(Connection.class);
        int layers = 0;
        if (ours) {
            Field delegate = Class.forName(DELEGATING_CONNECTION).getDeclaredField("connection");
            delegate.setAccessible(true);
            while (safe.isInstance(inner)) {
                layers++;
                inner = delegate.get(inner);
            }
        }
        System.out.println(name + ".safeLayers=" + layers);
        System.out.println(name + ".real=" + inner.getClass().getName());
    }
}
