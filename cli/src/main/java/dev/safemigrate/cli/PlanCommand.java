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
import dev.safemigrate.jdbc.SafeUrl;
import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.FlywayHistory;
import dev.safemigrate.plan.FlywayPlaceholders;
import dev.safemigrate.plan.LiveFacts;
import dev.safemigrate.plan.LiquibaseHistory;
import dev.safemigrate.plan.PlanInputs;
import dev.safemigrate.plan.liquibase.LiquibaseChangelogs;
import dev.safemigrate.plan.MigrationSelection;
import dev.safemigrate.plan.MigrationFile;
import dev.safemigrate.plan.MigrationFiles;
import dev.safemigrate.plan.PlanInputException;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.PlanRun;
import dev.safemigrate.plan.Planner;
import dev.safemigrate.plan.ReadOnlySession;
import dev.safemigrate.plan.lint.Linter;
import dev.safemigrate.plan.report.GithubReport;
import dev.safemigrate.plan.report.JsonReport;
import dev.safemigrate.plan.report.SarifReport;
import dev.safemigrate.plan.report.TextReport;
import dev.safemigrate.sql.Dialect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.Callable;

/**
 * {@code plan}: what each statement of a set of migration files locks, rewrites, refuses, and how risky it
 * is, without changing anything. Options (picocli) and wiring only; the analysis is {@link Planner}.
 */
@Command(name = "plan", sortOptions = false, descriptionHeading = "%n", optionListHeading = "Options:%n",
        description = {
            "What each statement of a migration locks, rewrites, refuses, and how risky it is, without changing"
                    + " anything.",
            "",
            "Reads the migration files under each PATH (files or folders, recursively) in the order a migration"
                    + " tool runs them: Flyway V<version>__<description>.sql by version, then R__<description>.sql,"
                    + " then other .sql files in path order. For each statement: the lock it takes, whether it"
                    + " scans or rewrites the table, what the driver sends instead, what it refuses and why, and a"
                    + " risk level.",
            "",
            "A table created by an earlier migration is an existing table of unknown size; only one created in the"
                    + " same migration is new. In CI plan only the new files (--since, --changed, or --url with"
                    + " Flyway's history table); the others are read for the schema they build.",
            "",
            "A Liquibase changelog named as a PATH (XML, YAML, JSON, formatted SQL) is read by Liquibase's parser and"
                    + " its SQL generators; each changeset is one migration.",
            ""},
        footer = {"",
            "Exit codes: 0 passed, 1 a statement at or above --fail-on, 2 bad usage or unreadable input,",
            "3 the database could not be reached."})
final class PlanCommand implements Callable<Integer> {
    private static final List<String> DIALECTS = List.of("postgresql", "mysql", "mariadb");
    private static final List<String> FORMATS = List.of("text", "json", "sarif", "github");

    private final PrintStream out;
    private final PrintStream err;
    /** display name → the file, for {@link #locationOf}. */
    private final Map<String, Path> locations = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "migration files or folders")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = {"read live table sizes and catalog facts (read-only; nothing is changed):",
                "jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: (jdbc:safemigrate:… accepted too)"})
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "database user")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "database password (never printed)")
    String password;

    @Option(names = "--dialect", paramLabel = "D", description = "postgresql (default), mysql or mariadb, without --url")
    String dialect = "postgresql";

    @Option(names = "--format", paramLabel = "F", description = {"text (default), json, sarif (SARIF 2.1.0 for code scanning)",
                "or github (GitHub Actions annotations)"})
    String format = "text";

    @Option(names = "--fail-on", paramLabel = "LEVEL", converter = FailOnLevel.class,
            description = {"exit 1 when a statement is at this risk or worse:", "never, warning, danger (default), refused"})
    FailOn failOn = FailOn.DANGER;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "a safemigrate.* setting to plan with, e.g. --set safemigrate.rewrite.minRows=1000")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--since", paramLabel = "VERSION",
            description = {"plan only versioned migrations above VERSION (the version production is at);",
                "the earlier files are read for the schema they build"})
    String since;

    @Option(names = "--changed", paramLabel = "REF", arity = "0..1", fallbackValue = "HEAD",
            description = {"plan only the files changed since the branch left REF (git), e.g. --changed origin/main;",
                "without REF: the uncommitted and untracked files"})
    String changed;

    @Option(names = "--all", description = "with --url: plan every file, also those Flyway's history lists as applied")
    boolean all;

    @Option(names = "--history-table", paramLabel = "[SCHEMA.]TABLE",
            description = "Flyway's schema history table read with --url (default flyway_schema_history)")
    String historyTable = "flyway_schema_history";

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE",
            description = {"a Flyway placeholder's value (a Liquibase changelog parameter): $${NAME} in the files is",
                "replaced as Flyway replaces it (flyway.placeholders.NAME); Flyway's own $${flyway:…} are known"})
    Map<String, String> placeholders = new LinkedHashMap<>();

    @Option(names = "--no-placeholders", description = "leave $${…} as written (Flyway's placeholderReplacement=false)")
    boolean noPlaceholders;

    @Option(names = "--exclude", paramLabel = "RULE", split = ",",
            description = {"lint rules not to report, e.g. --exclude prefer-text,prefer-identity",
                "(docs/plan.md lists them; the driver's own rules are set with --set safemigrate.policy.*)"})
    Set<String> excluded = new LinkedHashSet<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code --fail-on}: one of {@link FailOn}'s levels. */
    static final class FailOnLevel implements CommandLine.ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            FailOn level = FailOn.parse(value.toLowerCase(Locale.ROOT));
            if (level == null) {
                throw new CommandLine.TypeConversionException("--fail-on takes never, warning, danger or refused,"
                        + " not '" + value + "'");
            }
            return level;
        }
    }

    @Override
    public Integer call() {
        if (Main.ownProcess) {
            quietRules();
        }
        checkOptions();
        Map<String, String> urlSettings = new LinkedHashMap<>();
        String realUrl = url;
        if (url != null && SafeUrl.accepts(url)) {
            try {
                SafeUrl safeUrl = SafeUrl.parse(url);
                realUrl = safeUrl.realUrl();
                urlSettings.putAll(safeUrl.settings());
            } catch (SQLException e) {
                throw usage(e.getMessage());
            }
        }
        Settings resolved;
        try {
            Properties set = new Properties();
            set.putAll(settings);
            resolved = SettingsResolver.resolve(urlSettings, set, new Properties(), new Properties());
        } catch (InvalidSettingException e) {
            err.println("safemigrate plan: " + e.getMessage());
            return Main.USAGE;
        }
        MigrationSelection selection;
        PlanInputs inputs;
        try {
            inputs = inputs();
            selection = since == null && changed == null ? MigrationSelection.all()
                    : MigrationSelection.of(since, changed, paths.get(0));
        } catch (PlanInputException e) {
            err.println("safemigrate plan: " + e.getMessage());
            return Main.USAGE;
        }
        PlanReport report;
        try {
            report = realUrl == null ? offline(resolved, inputs, selection) : live(realUrl, resolved, inputs, selection);
        } catch (PlanInputException e) {
            err.println("safemigrate plan: " + e.getMessage());
            return Main.USAGE;
        } catch (SQLException e) {
            err.println("safemigrate plan: cannot use the database at " + redact(realUrl) + ": " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + "). Check --url, --user and --password, or plan without"
                    + " --url.");
            return Main.DATABASE;
        }
        out.print(switch (format) {
            case "json" -> JsonReport.write(report, failOn);
            case "sarif" -> SarifReport.write(report, failOn, this::locationOf);
            case "github" -> GithubReport.write(report, failOn, this::locationOf);
            default -> TextReport.write(report, failOn);
        });
        return failOn.fails(report.worst()) ? Main.FAILED_CHECK : Main.OK;
    }

    /** The checks picocli cannot make from the annotations; a failure is bad usage (exit code 2). */
    private void checkOptions() {
        if (paths.isEmpty()) {
            throw usage("no migration files given: name one or more files or folders");
        }
        format = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw usage("--format takes text, json, sarif or github, not '" + format + "'");
        }
        dialect = dialect.toLowerCase(Locale.ROOT);
        if (!DIALECTS.contains(dialect)) {
            throw usage("--dialect takes postgresql, mysql or mariadb, not '" + dialect + "'");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(Setting.PREFIX)) {
                throw usage("--set takes safemigrate.KEY=VALUE, e.g. --set safemigrate.rewrite.minRows=1000, not '"
                        + e.getKey() + "=" + e.getValue() + "'");
            }
        }
        Set<String> unknown = Linter.unknown(excluded);
        if (!unknown.isEmpty()) {
            throw usage("--exclude takes lint rule names (docs/plan.md), not " + String.join(", ", unknown)
                    + "; known: " + String.join(", ", Linter.rules().stream().map(r -> r.name()).toList()));
        }
        if (url != null && !url.startsWith("jdbc:")) {
            throw usage("--url takes a JDBC URL such as jdbc:postgresql://host:5432/db");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The files to read: Liquibase changelogs named as files, and the SQL files of the other paths; a formatted
     * SQL changelog found among those (its first line {@code --liquibase formatted sql}) is a changelog too.
     */
    private PlanInputs inputs() throws PlanInputException {
        List<Path> sqlPaths = new ArrayList<>();
        List<MigrationFile> changelogs = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p) && LiquibaseChangelogs.isChangelog(p)) {
                changelogs.add(MigrationFile.of(p, p.getFileName().toString()));
            } else {
                sqlPaths.add(p);
            }
        }
        List<MigrationFile> files = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (MigrationFile f : sqlPaths.isEmpty() ? List.<MigrationFile>of() : MigrationFiles.discover(sqlPaths)) {
            if (LiquibaseChangelogs.isChangelog(f.path())) {
                changelogs.add(f);
                continue;
            }
            raw.add(read(f.path()));
            files.add(f);
            locations.put(f.displayName(), f.path());
        }
        return new PlanInputs(files, raw, changelogs);
    }

    private PlanReport offline(Settings settings, PlanInputs inputs, MigrationSelection selection)
            throws PlanInputException {
        boolean postgres = dialect.equals("postgresql");
        DatabaseSupport support = postgres ? new PostgresSupport() : new MySqlSupport(dialect);
        Planner planner = Planner.offline(postgres ? Dialect.POSTGRESQL : Dialect.MYSQL,
                dialect.equals("mariadb"), settings, support.rules(), excluded);
        Map<String, String> builtIn = flywayPlaceholders();
        if (postgres) {
            builtIn.put("flyway:defaultSchema", "public"); // Flyway's default: the first schema of search_path
        }
        return PlanRun.run(planner, dialect, false, null, inputs, selection, placeholders(builtIn), placeholders,
                locations);
    }

    private PlanReport live(String realUrl, Settings settings, PlanInputs inputs, MigrationSelection selection)
            throws SQLException, PlanInputException {
        try (ReadOnlySession session = ReadOnlySession.open(realUrl, user, password)) {
            String product = session.product();
            String version = session.serverVersion();
            DatabaseFamily family = DatabaseFamily.ofServer(product, version);
            String server = family == DatabaseFamily.POSTGRESQL ? product + " " + version
                    : MySqlServer.of(product, version).toString();
            DatabaseSupport support = family.newSupport(product, version);
            Connection c = session.connection();
            if (!all) {
                selection.useHistory(FlywayHistory.read(c, support.dialect(), historyTable));
                if (!inputs.changelogs().isEmpty()) {
                    selection.useHistory(LiquibaseHistory.read(c, support.dialect(), "DATABASECHANGELOG"));
                }
            }
            Map<String, String> builtIn = flywayPlaceholders();
            builtIn.putAll(LiveFacts.flywayPlaceholders(c, support.dialect()));
            Planner planner = Planner.live(support.dialect(), settings, support.rules(),
                    support.newCatalog(c, settings), c, excluded);
            return PlanRun.run(planner, family.subprotocol(), true, server, inputs, selection,
                    placeholders(builtIn), placeholders, locations);
        }
    }

    /** Flyway's built-in placeholders that need no database ({@code flyway:filename} is per file). */
    private Map<String, String> flywayPlaceholders() {
        Map<String, String> builtIn = new LinkedHashMap<>();
        builtIn.put("flyway:table", historyTable.contains(".") ? historyTable.substring(historyTable.indexOf('.') + 1)
                : historyTable);
        builtIn.put("flyway:workingDirectory", System.getProperty("user.dir"));
        builtIn.put("flyway:environment", "default");
        if (user != null) {
            builtIn.put("flyway:user", user);
        }
        builtIn.put("flyway:timestamp", new java.text.SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new java.util.Date()));
        return builtIn;
    }

    private FlywayPlaceholders placeholders(Map<String, String> builtIn) {
        return new FlywayPlaceholders(placeholders, builtIn, !noPlaceholders);
    }

    /**
     * Where a statement's file is, as SARIF and GitHub annotations print it: its path relative to the working
     * directory ('/'-separated), which in CI is the repository's root, so the annotation lands on the file; a
     * file outside the working directory keeps its absolute path.
     */
    String locationOf(String displayName) {
        Path file = locations.get(displayName);
        if (file == null) {
            return displayName;
        }
        Path absolute = file.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        Path shown = absolute.startsWith(here) ? here.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }

    /** The URL without its query string and any user:password@ part: URLs may carry passwords. */
    static String redact(String url) {
        return RedactedUrl.of(url);
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
     * decisions itself, so the rules' own log lines would only repeat them on stderr. Only in a process of
     * its own: the property is global, and loggers created after it is set stay off for the whole JVM.
     */
    private static void quietRules() {
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.safemigrate") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.safemigrate", "off");
        }
    }
}
