package dev.safemigrate.dialect;

import dev.safemigrate.dialect.mysql.MySqlServer;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresSupport;

import java.util.Locale;

/**
 * The databases a {@code jdbc:safemigrate:<subprotocol>:} URL may name, with the real driver each
 * needs and the Maven artifact that provides it.
 */
public enum DatabaseFamily {
    POSTGRESQL("postgresql", "org.postgresql.Driver", "org.postgresql:postgresql"),
    MYSQL("mysql", "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j"),
    MARIADB("mariadb", "org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client");

    private final String subprotocol;
    private final String driverClass;
    private final String artifact;

    DatabaseFamily(String subprotocol, String driverClass, String artifact) {
        this.subprotocol = subprotocol;
        this.driverClass = driverClass;
        this.artifact = artifact;
    }

    /** The family for a JDBC subprotocol such as {@code postgresql}; {@code null} when unsupported. */
    public static DatabaseFamily forSubprotocol(String subprotocol) {
        for (DatabaseFamily f : values()) {
            if (f.subprotocol.equals(subprotocol)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The family of a connected server, from its metadata's product name and version: the one detection
     * ({@link MySqlServer#of}: Connector/J reports a MariaDB server as product {@code MySQL}, version
     * {@code 5.5.5-10.11.…-MariaDB}).
     */
    public static DatabaseFamily ofServer(String productName, String productVersion) {
        if (productName != null && productName.toLowerCase(Locale.ROOT).contains("postgres")) {
            return POSTGRESQL;
        }
        return MySqlServer.of(productName, productVersion).mariadb() ? MARIADB : MYSQL;
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** Class name of the real driver, loaded by name when DriverManager cannot see it. */
    public String driverClass() {
        return driverClass;
    }

    /** Maven coordinates named in the error when the real driver is missing. */
    public String artifact() {
        return artifact;
    }

    /** A new support object for this family (MySQL and MariaDB servers share one). */
    public DatabaseSupport newSupport(String productName) {
        return newSupport(productName, null);
    }

    /** The support for a connected server, from its metadata's product name and version. */
    public DatabaseSupport newSupport(String productName, String productVersion) {
        return this == POSTGRESQL ? new PostgresSupport()
                : new MySqlSupport(MySqlServer.of(productName, productVersion));
    }
}
