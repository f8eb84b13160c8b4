package dev.safemigrate.cli;

/** A JDBC URL as the command line may print it: URLs may carry passwords, messages must not. */
public final class RedactedUrl {
    private RedactedUrl() {
    }

    /** The URL without its query string and any user:password@ part. */
    public static String of(String url) {
        String s = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        int at = s.indexOf('@');
        int scheme = s.indexOf("//");
        return at > 0 && scheme >= 0 && at > scheme ? s.substring(0, scheme + 2) + "…@" + s.substring(at + 1) : s;
    }
}
