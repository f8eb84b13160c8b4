package dev.safemigrate.it.db;

import java.util.Locale;

/** Small string helpers for bare JDBC URLs ({@code jdbc:<scheme>://host[:port][/path][?k=v&...]}). */
final class JdbcUrls {

    private JdbcUrls() {
    }

    /** The sub-protocol after {@code jdbc:}, e.g. {@code postgresql}, {@code mysql}, {@code mariadb}; "" if none. */
    static String scheme(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            return "";
        }
        int end = url.indexOf(':', "jdbc:".length());
        return end < 0 ? "" : url.substring("jdbc:".length(), end).toLowerCase(Locale.ROOT);
    }

    /** Whether the query string has a parameter named {@code key} (case-insensitive). */
    static boolean hasParam(String url, String key) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** Sets parameter {@code key} to {@code value}, replacing any existing one (case-insensitive). */
    static String withParam(String url, String key, String value) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                if (!k.equalsIgnoreCase(key)) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        query.append(query.length() == 0 ? "" : "&").append(key).append('=').append(value);
        return base + '?' + query;
    }

    /** Appends raw query parameters ({@code "a=1&b=2"}; a leading {@code ?} or {@code &} is ignored). */
    static String appendParams(String url, String extraParams) {
        if (extraParams == null) {
            return url;
        }
        String extra = extraParams.strip();
        while (extra.startsWith("?") || extra.startsWith("&")) {
            extra = extra.substring(1);
        }
        if (extra.isEmpty()) {
            return url;
        }
        if (url.endsWith("?") || url.endsWith("&")) {
            return url + extra;
        }
        return url + (url.indexOf('?') < 0 ? '?' : '&') + extra;
    }

    /** Replaces (or adds) the database path of a MySQL/MariaDB URL. */
    static String withDatabase(String url, String database) {
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            throw new IllegalArgumentException("not a jdbc:<scheme>://host URL: " + url);
        }
        int hostStart = slashes + 2;
        int q = url.indexOf('?', hostStart);
        int queryStart = q < 0 ? url.length() : q;
        int slash = url.indexOf('/', hostStart);
        int hostEnd = slash < 0 || slash > queryStart ? queryStart : slash;
        return url.substring(0, hostEnd) + '/' + database + url.substring(queryStart);
    }

    /**
     * For {@code jdbc:mysql:} URLs (Connector/J) adds {@code allowPublicKeyRetrieval=true} and
     * {@code useSSL=false} unless already present; other URLs are returned unchanged.
     */
    static String withMysqlDefaults(String url) {
        if (!scheme(url).equals("mysql")) {
            return url;
        }
        String result = url;
        if (!hasParam(result, "allowPublicKeyRetrieval")) {
            result = appendParams(result, "allowPublicKeyRetrieval=true");
        }
        if (!hasParam(result, "useSSL") && !hasParam(result, "sslMode")) {
            result = appendParams(result, "useSSL=false");
        }
        return result;
    }

    /** The URL with the password-ish parameters masked, for log lines. */
    static String forLog(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
