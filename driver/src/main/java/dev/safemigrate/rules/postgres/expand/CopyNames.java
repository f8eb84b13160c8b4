package dev.safemigrate.rules.postgres.expand;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of the objects an expansion creates: deterministic, so that a re-run finds what an earlier run made. */
final class CopyNames {
    /** PostgreSQL's NAMEDATALEN - 1: longer names are truncated by the server. */
    static final int MAX_BYTES = 63;

    private CopyNames() {
    }

    /**
     * The name of the copy of {@code original} (an index or constraint over {@code column}) for {@code
     * replacement}: the column's name replaced in it where it appears ({@code users_name_idx} →
     * {@code users_full_name_idx}), else {@code _<replacement>} appended; {@code attempt} > 0 adds
     * {@code _sm<attempt>} (the first choice was taken by another object). At most 63 bytes.
     */
    static String copyOf(String original, String column, String replacement, int attempt) {
        String base = original.contains(column) ? original.replaceFirst(java.util.regex.Pattern.quote(column),
                java.util.regex.Matcher.quoteReplacement(replacement)) : original + "_" + replacement;
        if (base.equals(original)) {
            base = original + "_" + replacement;
        }
        String suffix = attempt == 0 ? "" : "_sm" + attempt;
        return truncate(base, MAX_BYTES - suffix.length()) + suffix;
    }

    /** A short stable hash of the expansion's identity, for the names of its trigger and function. */
    static String hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code s} cut to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
    static String truncate(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            k += Character.charCount(cp);
        }
        return b.toString();
    }
}
