package dev.safemigrate.cli.expand;

import dev.safemigrate.cli.RedactedUrl;
import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.config.Setting;
import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.DatabaseFamily;
import dev.safemigrate.jdbc.SafeUrl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The database of {@code status}, {@code contract} and {@code rollback}, from {@link ConnectionOptions}: a
 * PostgreSQL URL given with or without {@code jdbc:safemigrate:}, and the settings of the URL and of
 * {@code --set}. Reads go over a bare read-only connection; contracts and rollbacks through the safemigrate
 * driver, whose rules turn the statement into the expansion's script.
 */
final class ExpansionConnection {
    /**
     * Forced on the safemigrate connection: with the driver off, rules off or in dry run, the contract's
     * {@code DROP COLUMN} would reach the server as written and break the expansion's triggers.
     */
    private static final Map<String, String> RULES_ON = Map.of(Setting.PREFIX + "enabled", "true",
            Setting.PREFIX + "rewrite", "true", Setting.PREFIX + "dryRun", "false");

    private final String realUrl;
    private final Map<String, String> settings;
    private final Settings resolved;
    private final String user;
    private final String password;

    private ExpansionConnection(String realUrl, Map<String, String> settings, Settings resolved, String user,
                                String password) {
        this.realUrl = realUrl;
        this.settings = settings;
        this.resolved = resolved;
        this.user = user;
        this.password = password;
    }

    /** Bad options: the message says what was wrong (exit code 2). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * @param ending true for contract and rollback, which need the driver's rules on
     */
    static ExpansionConnection of(ConnectionOptions options, boolean ending) throws UsageException {
        String url = options.url;
        if (!url.startsWith("jdbc:")) {
            throw new UsageException("--url takes a JDBC URL such as jdbc:postgresql://host:5432/db");
        }
        String real = url;
        Map<String, String> fromUrl = new LinkedHashMap<>();
        if (SafeUrl.accepts(url)) {
            try {
                SafeUrl safe = SafeUrl.parse(url);
                real = safe.realUrl();
                fromUrl.putAll(safe.settings());
            } catch (SQLException e) {
                throw new UsageException(onlyPostgres(url));
            }
        }
        String rest = real.substring("jdbc:".length());
        String subprotocol = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        if (DatabaseFamily.forSubprotocol(subprotocol) != DatabaseFamily.POSTGRESQL) {
            throw new UsageException(onlyPostgres(url));
        }
        for (Map.Entry<String, String> e : options.settings.entrySet()) {
            if (!e.getKey().startsWith(Setting.PREFIX)) {
                throw new UsageException("--set takes safemigrate.KEY=VALUE, e.g. --set"
                        + " safemigrate.expand.stateTable=ops.expansions, not '" + e.getKey() + "=" + e.getValue() + "'");
            }
        }
        // the URL's own parameters win over --set, as for the driver (URL parameters before connection properties)
        Map<String, String> merged = new LinkedHashMap<>(options.settings);
        merged.putAll(fromUrl);
        if (ending) {
            for (Map.Entry<String, String> e : RULES_ON.entrySet()) {
                String given = merged.get(e.getKey());
                if (given != null && !given.trim().equalsIgnoreCase(e.getValue())) {
                    throw new UsageException(e.getKey() + "=" + given + " would send the statement as written instead of"
                            + " the expansion's script; contract and rollback need " + e.getKey() + "=" + e.getValue());
                }
            }
        }
        Settings resolved;
        try {
            Properties set = new Properties();
            set.putAll(options.settings);
            // the same sources as the driver's, so status reads the record table the driver writes
            resolved = SettingsResolver.resolve(fromUrl, set, System.getProperties(),
                    SettingsResolver.loadClasspathFile());
        } catch (InvalidSettingException e) {
            throw new UsageException(e.getMessage());
        }
        return new ExpansionConnection(real, merged, resolved, options.user, options.password);
    }

    private static String onlyPostgres(String url) {
        return "expansions exist on PostgreSQL only: --url takes jdbc:postgresql:… or jdbc:safemigrate:postgresql:…,"
                + " not " + RedactedUrl.of(url);
    }

    /** {@code safemigrate.expand.stateTable}: the driver's record of expansions. */
    String stateTable() {
        return resolved.expandStateTable();
    }

    /**
     * The record table schema-qualified as the server resolves it: an unqualified name is in the session's
     * current schema, which the URL (currentSchema=) may set and a redacted URL no longer shows.
     */
    String stateTable(Connection bare) throws SQLException {
        if (stateTable().contains(".")) {
            return stateTable();
        }
        try (Statement st = bare.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1) == null ? stateTable() : rs.getString(1) + "." + stateTable();
        }
    }

    /** For messages: the URL without credentials or parameters. */
    String where() {
        return RedactedUrl.of(realUrl);
    }

    /**
     * Through the real driver, every transaction read-only (the server refuses writes, SQLSTATE 25006), in
     * autocommit: a failed probe (pg_stat_statements not loaded) does not abort the next query.
     */
    Connection openBare() throws SQLException {
        Connection c = DriverManager.getConnection(realUrl, credentials());
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Through the safemigrate driver, with the settings as URL parameters and its rules on. */
    Connection openSafe() throws SQLException {
        Map<String, String> params = new LinkedHashMap<>(settings);
        params.putAll(RULES_ON);
        StringBuilder url = new StringBuilder(SafeUrl.wrap(realUrl));
        char separator = realUrl.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(separator).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        Connection c = DriverManager.getConnection(url.toString(), credentials());
        c.setAutoCommit(true);
        return c;
    }

    private Properties credentials() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }
}
