package dev.safemigrate.plan;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration file and where Flyway's naming puts it.
 *
 * @param path the file
 * @param displayName the name shown in reports: its path relative to the argument it was found under
 * @param kind versioned ({@code V1.2__x.sql}), repeatable ({@code R__x.sql}) or plain SQL
 * @param version for a versioned file, its parts ({@code 1.10} is {@code [1, 10]}); empty otherwise
 * @param description Flyway's description (for ordering repeatables), or the file name
 */
public record MigrationFile(Path path, String displayName, Kind kind, List<BigInteger> version, String description) {
    /** Flyway's default prefixes and separator; underscores in a version are dots ({@code V1_2} is 1.2). */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.*)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.*)\\.sql");

    public enum Kind { VERSIONED, REPEATABLE, PLAIN }

    public MigrationFile {
        version = List.copyOf(version);
    }

    public static MigrationFile of(Path path, String displayName) {
        String name = path.getFileName().toString();
        Matcher v = VERSIONED.matcher(name);
        if (v.matches()) {
            return new MigrationFile(path, displayName, Kind.VERSIONED, parseVersion(v.group(1)), v.group(2));
        }
        Matcher r = REPEATABLE.matcher(name);
        if (r.matches()) {
            return new MigrationFile(path, displayName, Kind.REPEATABLE, List.of(), r.group(1));
        }
        return new MigrationFile(path, displayName, Kind.PLAIN, List.of(), name);
    }

    /** A version as Flyway writes it ({@code 1.2}, {@code 1_2}) in parts, or {@code null} when it is not one. */
    static List<BigInteger> parseVersion(String text) {
        if (!text.matches("\\d+(?:[._]\\d+)*")) {
            return null;
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String p : text.split("[._]")) {
            parts.add(new BigInteger(p));
        }
        return parts;
    }

    /** The version as Flyway prints it ({@code 1.10}), or {@code null}. */
    public String versionText() {
        if (version.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (BigInteger p : version) {
            b.append(b.length() == 0 ? "" : ".").append(p);
        }
        return b.toString();
    }

    /** Numeric, part by part, missing parts count as zero: 1.9 &lt; 1.10, and 1.0 equals 1 (as Flyway compares). */
    static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
        for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
            BigInteger x = k < a.size() ? a.get(k) : BigInteger.ZERO;
            BigInteger y = k < b.size() ? b.get(k) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
