package dev.safemigrate.jdbc;

import dev.safemigrate.config.Setting;
import dev.safemigrate.dialect.DatabaseFamily;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code jdbc:safemigrate:<subprotocol>:…} URL taken apart: the database family, the URL the real
 * driver receives ({@code jdbc:<subprotocol>:…} without our parameters) and our
 * {@code safemigrate.*} parameters. Never logged: URLs may carry passwords.
 */
public final class SafeUrl {
    /** The one place that spells the prefix; the Flyway and Liquibase integrations and the command line use it. */
    public static final String PREFIX = "jdbc:safemigrate:";

    private final String userUrl;
    private final DatabaseFamily family;
    private final String realUrl;
    private final Map<String, String> settings;

    private SafeUrl(String userUrl, DatabaseFamily family, String realUrl, Map<String, String> settings) {
        this.userUrl = userUrl;
        this.family = family;
        this.realUrl = realUrl;
        this.settings = settings;
    }

    /** {@code jdbc:postgresql://…} → {@code jdbc:safemigrate:postgresql://…}: the driver's URL for a real one. */
    public static String wrap(String realJdbcUrl) {
        if (!realJdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL (jdbc:…)");
        }
        return PREFIX + realJdbcUrl.substring("jdbc:".length());
    }

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** Takes a URL {@link #accepts} accepted apart; an unsupported subprotocol is an SQLException (08001). */
    public static SafeUrl parse(String url) throws SQLException {
        String rest = url.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String subprotocol = colon < 0 ? rest : rest.substring(0, colon);
        DatabaseFamily family = DatabaseFamily.forSubprotocol(subprotocol);
        if (family == null) {
            throw new SQLException("safemigrate supports jdbc:safemigrate:postgresql:, jdbc:safemigrate:mysql: and"
                    + " jdbc:safemigrate:mariadb: URLs, not '" + PREFIX + subprotocol + ":'.", "08001");
        }
        String real = "jdbc:" + rest;
        int query = real.indexOf('?');
        Map<String, String> ours = new LinkedHashMap<>();
        if (query >= 0) {
            StringBuilder kept = new StringBuilder(real.length()).append(real, 0, query);
            char separator = '?';
            for (String param : real.substring(query + 1).split("&", -1)) {
                if (param.startsWith(Setting.PREFIX)) {
                    int eq = param.indexOf('=');
                    String key = eq < 0 ? param : param.substring(0, eq);
                    String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
                    ours.put(key, value);
                } else if (!param.isEmpty()) {
                    kept.append(separator).append(param);
                    separator = '&';
                }
            }
            real = kept.toString();
        }
        return new SafeUrl(url, family, real, ours);
    }

    /** The URL as the user wrote it (reported by {@code DatabaseMetaData.getURL()}). */
    String userUrl() {
        return userUrl;
    }

    public DatabaseFamily family() {
        return family;
    }

    /** What the real driver receives. */
    public String realUrl() {
        return realUrl;
    }

    /** Our {@code safemigrate.*} parameters, removed from {@link #realUrl()}. */
    public Map<String, String> settings() {
        return settings;
    }
}
