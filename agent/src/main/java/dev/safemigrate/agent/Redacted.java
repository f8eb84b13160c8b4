package dev.safemigrate.agent;

import java.util.regex.Pattern;

/**
 * A JDBC URL as it may be logged: no parameters (they may hold a password), no user information
 * ({@code user:password@}) and no {@code user=}/{@code password=} in Connector/J's key-value host syntax
 * ({@code jdbc:mysql://(host=db,user=app,password=…)/app}, {@code address=(host=db)(password=…)}).
 */
final class Redacted {
    private static final Pattern HOST_CREDENTIALS = Pattern.compile("(?i)\\b(user|password)\\s*=[^,)]*");

    private Redacted() {
    }

    static String url(String jdbcUrl) {
        int end = jdbcUrl.length();
        for (char c : new char[] {'?', ';', '&'}) {
            int i = jdbcUrl.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String kept = jdbcUrl.substring(0, end);
        int scheme = kept.indexOf("//");
        int at = kept.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            kept = kept.substring(0, scheme + 2) + kept.substring(at + 1);
        }
        return HOST_CREDENTIALS.matcher(kept).replaceAll("$1=***");
    }
}
