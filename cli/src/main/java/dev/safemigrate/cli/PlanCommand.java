package dev.safemigrate.cli;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.config.Setting;
import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.DatabaseFamily;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.mysql.MySqlServer;
import dev.safemigrate.dialect.mysql.MySqlSupport;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.MigrationFile;
import dev.safemigrate.plan.MigrationFiles;
import dev.safemigrate.plan.PlanInputException;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Planner;
import dev.safemigrate.plan.ReadOnlySession;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.report.JsonReport;
import dev.safemigrate.plan.report.TextReport;
import dev.safemigrate.sql.Dialect;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code plan}: what each statement of a set of migration files locks, rewrites, refuses, and how risky it
 * is, without changing anything. Argument parsing and wiring only; the analysis is {@link Planner}.
 */
final class PlanCommand {
    static final String USAGE = """
            Usage: java -jar safemigrate.jar plan [options] PATH...

            Reads the migration files under each PATH (files or folders, recursively) in the order a migration
            tool runs them: Flyway V<version>__<description>.sql by version, then R__<description>.sql, then
            other .sql files in path order. For each statement: the lock it takes, whether it scans or rewrites
            the table, what the driver sends instead, what it refuses and why, and a risk level.

            Options:
              --url JDBC_URL       read live table sizes and catalog facts (read-only; nothing is changed):
                                   jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: (jdbc:safemigrate:… accepted too)
              --user NAME          database user
              --password SECRET    database password (never printed)
              --dialect D          postgresql (default), mysql or mariadb, without --url
              --format F           text (default) or json
              --fail-on LEVEL      exit 1 when a statement is at this risk or worse:
                                   never, warning, danger (default), refused
              --set KEY=VALUE      a safemigrate.* setting to plan with, e.g. --set safemigrate.rewrite.minRows=1000
              --help               this text

            Exit codes: 0 passed, 1 a statement at or above --fail-on, 2 bad usage or unreadable input,
            3 the database could not be reached.
            """;

    private PlanCommand() {
    }

    /** The parsed command line. */
    record Options(String url, String user, String password, String dialect, String format, FailOn failOn,
                   Map<String, String> settings, List<Path> paths) {
    }

    /** Bad usage: the message says what was wrong. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        quietRules();
        Options options;
        try {
            if (args.contains("--help") || args.contains("-h")) {
                out.print(USAGE);
                return Main.OK;
            }
            options = parse(args);
        } catch (UsageException e) {
            err.println("safemigrate plan: " + e.getMessage());
            err.println("Run 'java -jar safemigrate.jar plan --help' for the options.");
            return Main.USAGE;
        }
        Map<String, String> urlSettings = new LinkedHashMap<>();
        String url = options.url() == null ? null : stripSafemigrate(options.url(), urlSettings);
        Settings settings;
        try {
            Properties set = new Properties();
            set.putAll(options.settings());
            settings = SettingsResolver.resolve(urlSettings, set, new Properties(), new Properties());
        } catch (InvalidSettingException e) {
            err.println("safemigrate plan: " + e.getMessage());
            return Main.USAGE;
        }
        List<MigrationFile> files;
        List<String> texts = new ArrayList<>();
        try {
            files = MigrationFiles.discover(options.paths());
            for (MigrationFile f : files) {
                texts.add(read(f.path()));
            }
        } catch (PlanInputException e) {
            err.println("safemigrate plan: " + e.getMessage());
            return Main.USAGE;
        }
        PlanReport report;
        try {
            report = url == null ? offline(options, settings, files, texts) : live(options, url, settings, files, texts);
        } catch (SQLException e) {
            err.println("safemigrate plan: cannot use the database at " + redact(url) + ": " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + "). Check --url, --user and --password, or plan without"
                    + " --url.");
            return Main.DATABASE;
        }
        out.print(options.format().equals("json") ? JsonReport.write(report, options.failOn())
                : TextReport.write(report, options.failOn()));
        return options.failOn().fails(report.worst()) ? Main.FAILED_CHECK : Main.OK;
    }

    private static PlanReport offline(Options options, Settings settings, List<MigrationFile> files, List<String> texts) {
        boolean postgres = options.dialect().equals("postgresql");
        DatabaseSupport support = postgres ? new PostgresSupport() : new MySqlSupport(options.dialect());
        Planner planner = Planner.offline(postgres ? Dialect.POSTGRESQL : Dialect.MYSQL,
                options.dialect().equals("mariadb"), settings, support.rules());
        return report(planner, options.dialect(), false, null, files, texts);
    }

    private static PlanReport live(Options options, String url, Settings settings, List<MigrationFile> files,
                                   List<String> texts) throws SQLException {
        try (ReadOnlySession session = ReadOnlySession.open(url, options.user(), options.password())) {
            String product = session.product();
            String version = session.serverVersion();
            boolean postgres = product.toLowerCase(Locale.ROOT).contains("postgres");
            // MySQL's Connector/J reports a MariaDB server as product "MySQL", version "5.5.5-10.11.…-MariaDB"
            boolean mariadb = !postgres && (product + version).toLowerCase(Locale.ROOT).contains("mariadb");
            String server = postgres ? product + " " + version : MySqlServer.parse(version).toString();
            DatabaseFamily family = postgres ? DatabaseFamily.POSTGRESQL : mariadb ? DatabaseFamily.MARIADB
                    : DatabaseFamily.MYSQL;
            DatabaseSupport support = family.newSupport(mariadb ? "MariaDB" : product);
            Planner planner = Planner.live(support.dialect(), settings, support.rules(),
                    support.newCatalog(session.connection(), settings), session.connection());
            return report(planner, family.subprotocol(), true, server, files, texts);
        }
    }

    private static PlanReport report(Planner planner, String dialect, boolean live, String server,
                                     List<MigrationFile> files, List<String> texts) {
        List<StatementPlan> statements = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            names.add(files.get(k).displayName());
            statements.addAll(planner.plan(files.get(k).displayName(), texts.get(k)));
        }
        return new PlanReport(dialect, live, server, names, statements);
    }

    static Options parse(List<String> args) throws UsageException {
        String url = null, user = null, password = null, dialect = null, format = "text";
        FailOn failOn = FailOn.DANGER;
        Map<String, String> settings = new LinkedHashMap<>();
        List<Path> paths = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            String option = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
            switch (option) {
                case "--url", "--user", "--password", "--dialect", "--format", "--fail-on", "--set" -> {
                    String value = inline;
                    if (value == null) {
                        if (k + 1 >= args.size()) {
                            throw new UsageException(option + " needs a value");
                        }
                        value = args.get(++k);
                    }
                    switch (option) {
                        case "--url" -> url = value;
                        case "--user" -> user = value;
                        case "--password" -> password = value;
                        case "--dialect" -> dialect = value.toLowerCase(Locale.ROOT);
                        case "--format" -> format = value.toLowerCase(Locale.ROOT);
                        case "--fail-on" -> {
                            failOn = FailOn.parse(value.toLowerCase(Locale.ROOT));
                            if (failOn == null) {
                                throw new UsageException("--fail-on takes never, warning, danger or refused, not '"
                                        + value + "'");
                            }
                        }
                        default -> {
                            int eq = value.indexOf('=');
                            if (eq <= 0 || !value.startsWith(Setting.PREFIX)) {
                                throw new UsageException("--set takes safemigrate.KEY=VALUE, e.g. --set"
                                        + " safemigrate.rewrite.minRows=1000, not '" + value + "'");
                            }
                            settings.put(value.substring(0, eq), value.substring(eq + 1));
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + option);
                    }
                    paths.add(Path.of(a));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("no migration files given: name one or more files or folders");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format takes text or json, not '" + format + "'");
        }
        if (dialect != null && !List.of("postgresql", "mysql", "mariadb").contains(dialect)) {
            throw new UsageException("--dialect takes postgresql, mysql or mariadb, not '" + dialect + "'");
        }
        if (url != null && !url.startsWith("jdbc:")) {
            throw new UsageException("--url takes a JDBC URL such as jdbc:postgresql://host:5432/db");
        }
        return new Options(url, user, password, dialect == null ? "postgresql" : dialect, format, failOn, settings, paths);
    }

    /** {@code jdbc:safemigrate:postgresql://…?safemigrate.x=y} → the real URL; the settings go to {@code into}. */
    static String stripSafemigrate(String url, Map<String, String> into) {
        if (!url.startsWith("jdbc:safemigrate:")) {
            return url;
        }
        String real = "jdbc:" + url.substring("jdbc:safemigrate:".length());
        int q = real.indexOf('?');
        if (q < 0) {
            return real;
        }
        StringBuilder kept = new StringBuilder(real.substring(0, q));
        char sep = '?';
        for (String param : real.substring(q + 1).split("&")) {
            if (param.startsWith(Setting.PREFIX)) {
                int eq = param.indexOf('=');
                into.put(eq < 0 ? param : param.substring(0, eq),
                        eq < 0 ? "" : java.net.URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
            } else if (!param.isEmpty()) {
                kept.append(sep).append(param);
                sep = '&';
            }
        }
        return kept.toString();
    }

    /** The URL without its query string and any user:password@ part: URLs may carry passwords. */
    static String redact(String url) {
        String s = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        int at = s.indexOf('@');
        int scheme = s.indexOf("//");
        return at > 0 && scheme >= 0 && at > scheme ? s.substring(0, scheme + 2) + "…@" + s.substring(at + 1) : s;
    }

    private static String read(Path file) throws PlanInputException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PlanInputException(file + " is not UTF-8 text: save it as UTF-8");
        } catch (IOException e) {
            throw new PlanInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The rules log their decisions (warnings, refusals) for the driver's users; plan reports the same
     * decisions itself, so the rules' own log lines would only repeat them on stderr.
     */
    private static void quietRules() {
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.safemigrate") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.safemigrate", "off");
        }
    }
}
