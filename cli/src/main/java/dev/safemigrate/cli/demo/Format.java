package dev.safemigrate.cli.demo;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as the report prints them. */
final class Format {
    private Format() {
    }

    static String duration(Duration d) {
        return millis(d.toMillis());
    }

    /** 850 ms, 4.81 s, 1 m 12 s. */
    static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return (ms / 60_000) + " m " + (ms % 60_000) / 1000 + " s";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The URL without its parameters: they may carry a password. */
    static String urlWithoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** A SQL identifier in double quotes. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
