package dev.safemigrate.cli.demo;

import dev.safemigrate.config.Durations;
import dev.safemigrate.jdbc.SafeUrl;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.List;

/**
 * The {@code demo} command's options, read by picocli (a mixin of {@code DemoCommand}). The password is kept
 * out of {@link #toString()} so that it can never reach a log line or a message by accident.
 */
public final class DemoOptions {
    /** Below this the rules leave the table alone (safemigrate.rewrite.minRows, batch.minRows are 10,000). */
    static final int MIN_ROWS = 20_000;
    static final int MAX_ROWS = 20_000_000;
    static final int DEFAULT_ROWS = 300_000;
    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);

    @Option(names = "--url", paramLabel = "JDBC_URL", converter = PostgresUrl.class,
            description = {"run on an existing PostgreSQL database (jdbc:postgresql://host:port/db) instead, in a"
                    + " schema of its own (safemigrate_demo_<random>), dropped afterwards; the user must be allowed"
                    + " to create a schema"})
    private String url;

    @Option(names = "--user", paramLabel = "NAME", description = "user for --url")
    private String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "password for --url (never printed)")
    private String password;

    @Option(names = "--rows", paramLabel = "N", converter = Rows.class,
            description = "rows in the orders table (default 300000, at least 20000)")
    private int rows = DEFAULT_ROWS;

    @Option(names = "--lock-timeout", paramLabel = "D", converter = LockTimeout.class,
            description = "safemigrate.lockTimeout for the safemigrate run (default 500ms)")
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

    @Option(names = "--hold", paramLabel = "D", converter = Hold.class,
            description = "how long the report transaction holds the table (default 5s)")
    private Duration hold = DEFAULT_HOLD;

    @Option(names = "--no-progress", description = "no live status line")
    private boolean noProgress;

    @Option(names = "--verbose", description = "the driver's own log (INFO) on stderr")
    private boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    /** Defaults; picocli fills in the options given (see {@code dev.safemigrate.cli.Main}). */
    public DemoOptions() {
    }

    /** A bad option: the message says which and what is allowed. */
    public static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The options from {@code args} alone, as the demo command reads them. */
    public static DemoOptions parse(List<String> args) throws UsageException {
        DemoOptions options = new DemoOptions();
        try {
            new CommandLine(options).setExpandAtFiles(false).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        options.validate();
        return options;
    }

    /** What no single option can check. */
    public void validate() throws UsageException {
        if (url == null && (user != null || password != null)) {
            throw new UsageException("--user and --password go with --url (the embedded database needs neither)");
        }
        if (hold.compareTo(lockTimeout.multipliedBy(2)) < 0) {
            throw new UsageException("--hold (" + Format.duration(hold) + ") must be at least twice --lock-timeout ("
                    + Format.duration(lockTimeout) + "), or nothing blocks the migration long enough to show a difference");
        }
    }

    /** A bare jdbc:postgresql: URL; a jdbc:safemigrate:postgresql: one is accepted and stripped. */
    static final class PostgresUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String url = SafeUrl.accepts(value) ? "jdbc:" + value.substring(SafeUrl.PREFIX.length()) : value;
            if (url.startsWith("jdbc:postgresql:")) {
                return url;
            }
            if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
                throw new TypeConversionException("the demo runs on PostgreSQL only (a MySQL/MariaDB demo is not"
                        + " built yet); give a jdbc:postgresql://host:port/database URL");
            }
            throw new TypeConversionException("expected a jdbc:postgresql://host:port/database URL");
        }
    }

    static final class Rows implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String digits = value.replace("_", "").replace(",", "");
            try {
                int n = Integer.parseInt(digits);
                if (n >= MIN_ROWS && n <= MAX_ROWS) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a number from " + MIN_ROWS + " to " + MAX_ROWS + " (below "
                    + MIN_ROWS + " rows safemigrate treats the table as small and rewrites nothing), got '" + value + "'");
        }
    }

    /** A duration in safemigrate's one syntax ({@link Durations}: 500ms, 5s, 2m) within the option's range. */
    abstract static class BoundedDuration implements ITypeConverter<Duration> {
        private final Duration min;
        private final Duration max;

        BoundedDuration(Duration min, Duration max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value, min, max);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected a duration from " + Format.duration(min) + " to "
                        + Format.duration(max) + " such as 500ms or 5s, got '" + value + "'");
            }
        }
    }

    static final class LockTimeout extends BoundedDuration {
        LockTimeout() {
            super(Duration.ofMillis(10), Duration.ofSeconds(10));
        }
    }

    static final class Hold extends BoundedDuration {
        Hold() {
            super(Duration.ofSeconds(1), Duration.ofMinutes(5));
        }
    }

    public String url() {
        return url;
    }

    public boolean embedded() {
        return url == null;
    }

    public String user() {
        return user;
    }

    /** Only for opening connections; never print it. */
    String password() {
        return password;
    }

    public int rows() {
        return rows;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public Duration hold() {
        return hold;
    }

    public boolean progress() {
        return !noProgress;
    }

    public boolean verbose() {
        return verbose;
    }

    @Override
    public String toString() {
        return "DemoOptions[url=" + (url == null ? "embedded" : Format.urlWithoutParameters(url)) + ", user=" + user
                + ", password=" + (password == null ? "none" : "(given)") + ", rows=" + rows
                + ", lockTimeout=" + Format.duration(lockTimeout) + ", hold=" + Format.duration(hold) + "]";
    }
}
