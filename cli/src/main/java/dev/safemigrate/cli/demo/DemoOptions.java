package dev.safemigrate.cli.demo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code demo} command's options. The password is kept out of {@link #toString()} so that it can
 * never reach a log line or a message by accident.
 */
public final class DemoOptions {
    /** Below this the rules leave the table alone (safemigrate.rewrite.minRows, batch.minRows are 10,000). */
    static final int MIN_ROWS = 20_000;
    static final int MAX_ROWS = 20_000_000;
    static final int DEFAULT_ROWS = 300_000;
    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);

    private final String url;
    private final String user;
    private final String password;
    private final int rows;
    private final Duration lockTimeout;
    private final Duration hold;
    private final boolean progress;
    private final boolean verbose;
    private final boolean help;

    private DemoOptions(String url, String user, String password, int rows, Duration lockTimeout, Duration hold,
                        boolean progress, boolean verbose, boolean help) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.rows = rows;
        this.lockTimeout = lockTimeout;
        this.hold = hold;
        this.progress = progress;
        this.verbose = verbose;
        this.help = help;
    }

    /** A bad option: the message says which and what is allowed. */
    public static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static DemoOptions parse(List<String> args) throws UsageException {
        String url = null;
        String user = null;
        String password = null;
        int rows = DEFAULT_ROWS;
        Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        Duration hold = DEFAULT_HOLD;
        boolean progress = true;
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--no-progress" -> progress = false;
                case "--verbose" -> verbose = true;
                case "--url", "--user", "--password", "--rows", "--lock-timeout", "--hold" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--url" -> url = postgresUrl(value);
                        case "--user" -> user = value;
                        case "--password" -> password = value;
                        case "--rows" -> rows = rows(value);
                        case "--lock-timeout" -> lockTimeout = duration(name, value, Duration.ofMillis(10), Duration.ofSeconds(10));
                        default -> hold = duration(name, value, Duration.ofSeconds(1), Duration.ofMinutes(5));
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (url == null && (user != null || password != null)) {
            throw new UsageException("--user and --password go with --url (the embedded database needs neither)");
        }
        if (hold.compareTo(lockTimeout.multipliedBy(2)) < 0) {
            throw new UsageException("--hold (" + Format.duration(hold) + ") must be at least twice --lock-timeout ("
                    + Format.duration(lockTimeout) + "), or nothing blocks the migration long enough to show a difference");
        }
        return new DemoOptions(url, user, password, rows, lockTimeout, hold, progress, verbose, help);
    }

    /** A bare jdbc:postgresql: URL; a jdbc:safemigrate:postgresql: one is accepted and stripped. */
    private static String postgresUrl(String value) throws UsageException {
        String url = value.startsWith("jdbc:safemigrate:") ? "jdbc:" + value.substring("jdbc:safemigrate:".length()) : value;
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            throw new UsageException("--url: the demo runs on PostgreSQL only (a MySQL/MariaDB demo is not built yet);"
                    + " give a jdbc:postgresql://host:port/database URL");
        }
        throw new UsageException("--url: expected a jdbc:postgresql://host:port/database URL");
    }

    private static int rows(String value) throws UsageException {
        String digits = value.replace("_", "").replace(",", "");
        try {
            int n = Integer.parseInt(digits);
            if (n >= MIN_ROWS && n <= MAX_ROWS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--rows: expected a number from " + MIN_ROWS + " to " + MAX_ROWS + " (below "
                + MIN_ROWS + " rows safemigrate treats the table as small and rewrites nothing), got '" + value + "'");
    }

    static Duration duration(String option, String value, Duration min, Duration max) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        try {
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new UsageException(option + ": expected a duration from " + Format.duration(min) + " to "
                    + Format.duration(max) + " such as 500ms or 5s, got '" + value + "'");
        }
        return d;
    }

    static String usage() {
        return """
                Usage: java -jar safemigrate.jar demo [options]

                Runs the same migration (add a column, create an index, add a foreign key, backfill the column)
                twice under an application-like load, once through the bare PostgreSQL driver and once through
                safemigrate, while a long report transaction holds the table; then prints the load's latency
                and errors side by side, and what safemigrate sent to the server instead.

                Without --url it starts an embedded PostgreSQL (nothing to install; the first start unpacks it).

                Options:
                  --url JDBC_URL       run on an existing PostgreSQL database (jdbc:postgresql://host:port/db)
                                       instead, in a schema of its own (safemigrate_demo_<random>), dropped
                                       afterwards; the user must be allowed to create a schema
                  --user NAME          user for --url
                  --password SECRET    password for --url (never printed)
                  --rows N             rows in the orders table (default 300000, at least 20000)
                  --lock-timeout D     safemigrate.lockTimeout for the safemigrate run (default 500ms)
                  --hold D             how long the report transaction holds the table (default 5s)
                  --no-progress        no live status line
                  --verbose            the driver's own log (INFO) on stderr
                  --help               this text

                Exit codes: 0 done, 1 the two runs did not leave the same, correct end state, 2 bad options,
                3 the database could not be started or reached, or a migration failed.
                """;
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
        return progress;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean help() {
        return help;
    }

    @Override
    public String toString() {
        return "DemoOptions[url=" + (url == null ? "embedded" : Format.urlWithoutParameters(url)) + ", user=" + user
                + ", password=" + (password == null ? "none" : "(given)") + ", rows=" + rows
                + ", lockTimeout=" + Format.duration(lockTimeout) + ", hold=" + Format.duration(hold) + "]";
    }
}
