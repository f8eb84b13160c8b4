package dev.safemigrate.dialect.mysql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB server's family and version, read from its version string ({@code SELECT VERSION()}:
 * {@code 8.0.36}, {@code 8.4.3-commercial}, {@code 10.11.19-MariaDB-0+deb12u1}, or through an old
 * replication-compatible handshake {@code 5.5.5-10.6.21-MariaDB}).
 */
public record MySqlServer(boolean mariadb, int major, int minor, int patch) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The version string as the server reports it; an unreadable one counts as version 0 (no online clauses). */
    public static MySqlServer parse(String version) {
        return of(null, version);
    }

    /**
     * The one server detection, from what a JDBC driver's metadata reports. The product name alone is not
     * enough: Connector/J connected to MariaDB reports the name {@code MySQL} and the version
     * {@code 5.5.5-10.11.19-MariaDB}, MariaDB's client reports {@code MariaDB} and {@code 10.11.19-MariaDB}.
     * Either one naming MariaDB makes it MariaDB.
     */
    public static MySqlServer of(String productName, String version) {
        boolean mariadb = mentionsMariaDb(productName) || mentionsMariaDb(version);
        if (version == null) {
            return new MySqlServer(mariadb, 0, 0, 0);
        }
        String v = mariadb && version.startsWith("5.5.5-") ? version.substring("5.5.5-".length()) : version;
        Matcher m = VERSION.matcher(v);
        if (!m.lookingAt()) {
            return new MySqlServer(mariadb, 0, 0, 0);
        }
        return new MySqlServer(mariadb, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    private static boolean mentionsMariaDb(String s) {
        return s != null && s.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    /** True when the version could be read (a server reached, not a name given for planning). */
    public boolean versionKnown() {
        return major > 0;
    }

    /** True when this version is at least {@code major.minor.patch}. */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }

    /** {@code ALGORITHM=INPLACE} and {@code LOCK=NONE}: MySQL 5.6, MariaDB 10.0. */
    public boolean supportsOnlineClauses() {
        return mariadb ? atLeast(10, 0, 0) : atLeast(5, 6, 0);
    }

    /** {@code ALGORITHM=INSTANT}: MySQL 8.0.12 (8.0.0–8.0.11 reject the word), MariaDB 10.3. */
    public boolean supportsInstant() {
        return mariadb ? atLeast(10, 3, 0) : atLeast(8, 0, 12);
    }

    @Override
    public String toString() {
        return (mariadb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
