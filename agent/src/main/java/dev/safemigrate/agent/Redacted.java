package dev.safemigrate.agent;

/** A JDBC URL as it may be logged: no parameters (they may hold a password) and no user information. */
final class Redacted {
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
        return kept;
    }
}
