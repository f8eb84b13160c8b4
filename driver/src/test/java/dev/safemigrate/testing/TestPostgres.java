package dev.safemigrate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL server a driver test uses: {@code SAFEMIGRATE_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD} (as
 * the integration tests read them); without them an embedded PostgreSQL, except with {@code CI=true}, where the
 * variables are required (a missing database fails the run, it is never skipped).
 */
public final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String url;
    private final String user;
    private final String password;

    private TestPostgres(EmbeddedPostgres embedded, String url, String user, String password) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** @param test the test's name, for the message when CI=true and no server is given */
    public static TestPostgres start(String test) throws IOException {
        String url = System.getenv("SAFEMIGRATE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new TestPostgres(null, url, orDefault(System.getenv("SAFEMIGRATE_TEST_PG_USER"), "postgres"),
                    orDefault(System.getenv("SAFEMIGRATE_TEST_PG_PASSWORD"), ""));
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and SAFEMIGRATE_TEST_PG_URL is not set: " + test + " needs"
                    + " a PostgreSQL server (SAFEMIGRATE_TEST_PG_URL, _USER, _PASSWORD)");
        }
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        return new TestPostgres(embedded, embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection through the real driver. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Stops the embedded server, if this started one. */
    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
