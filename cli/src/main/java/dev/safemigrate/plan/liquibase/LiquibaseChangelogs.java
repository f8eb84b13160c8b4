package dev.safemigrate.plan.liquibase;

import dev.safemigrate.plan.PlanInputException;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.exception.LiquibaseException;
import liquibase.exception.UnknownChangeLogParameterException;
import liquibase.exception.ValidationErrors;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Liquibase changelog (XML, YAML, JSON or formatted SQL, with its includes) with Liquibase's own
 * parser and turns each changeset into the SQL Liquibase's generators write for an offline database of the
 * dialect: what {@code liquibase update-sql} would print, changeset by changeset. Contexts, labels and
 * preconditions are not evaluated (every changeset is planned); {@code dbms} is honoured.
 */
public final class LiquibaseChangelogs {
    /** Liquibase's own test for a formatted SQL changelog: its first line. */
    private static final Pattern FORMATTED_SQL = Pattern.compile("(?i)--\\s*liquibase\\s+formatted\\s+sql.*");
    private static final Pattern NOT_FOUND = Pattern.compile("The file (.+?) was not found in the configured search path");
    /** Changes that write no SQL by design; any other change that writes none needs a live database. */
    private static final Set<String> NO_SQL_CHANGES = Set.of("tagDatabase", "output", "empty", "sql", "sqlFile");

    private LiquibaseChangelogs() {
    }

    /** A changelog by its name: {@code .xml}, {@code .yaml}, {@code .yml}, {@code .json}, or a {@code .sql}
     * file whose first non-blank line is {@code --liquibase formatted sql}. */
    public static boolean isChangelog(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return false;
        }
        String name = fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            return true;
        }
        if (!name.endsWith(".sql") || !Files.isRegularFile(file)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String trimmed = line.strip();
                if (trimmed.startsWith("\uFEFF")) {
                    trimmed = trimmed.substring(1).strip();
                }
                if (!trimmed.isEmpty()) {
                    return FORMATTED_SQL.matcher(trimmed).matches();
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not readable as text: plan reports it when it reads the file as SQL
        }
    }

    /**
     * The changesets of a changelog and its includes, in the order Liquibase runs them, with their SQL.
     *
     * @param changelog the root changelog; includes resolve against its folder
     * @param displayName how reports name the root changelog
     * @param dialect postgresql, mysql or mariadb
     * @param parameters values for the changelog's {@code ${name}} parameters
     */
    public static List<ChangeSetSql> read(Path changelog, String displayName, String dialect,
                                          Map<String, String> parameters) throws PlanInputException {
        if (!Files.isRegularFile(changelog)) {
            throw new PlanInputException("no such Liquibase changelog: " + changelog);
        }
        Path root = changelog.toAbsolutePath().normalize();
        Path folder = root.getParent();
        String rootName = root.getFileName().toString();
        List<Path> roots = searchRoots(folder);
        try {
            return QuietLiquibase.call(() -> {
                try (CompositeResourceAccessor resources = accessor(roots)) {
                    // sqlFile and loadData read through the scope's accessor, the parser through the one it is given
                    return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources), () -> {
                        Database database = OfflineDatabases.open(dialect, resources);
                        ChangeLogParameters values = new ChangeLogParameters(database);
                        parameters.forEach(values::set);
                        DatabaseChangeLog parsed = parse(folder, rootName, displayName, values, resources);
                        return changeSets(parsed, database, new FileNames(folder, roots, rootName, displayName));
                    });
                }
            });
        } catch (PlanInputException e) {
            throw e;
        } catch (Exception e) {
            throw new PlanInputException("cannot read the Liquibase changelog " + displayName + ": " + message(e));
        }
    }

    /**
     * The changelog's folder first, so includes resolve against it; then each folder above it, for the
     * Spring Boot layout whose includes name paths from the class path's root ({@code db/changelog/x.yaml}).
     */
    private static List<Path> searchRoots(Path folder) {
        List<Path> roots = new ArrayList<>();
        for (Path p = folder; p != null; p = p.getParent()) {
            roots.add(p);
        }
        return roots;
    }

    private static CompositeResourceAccessor accessor(List<Path> roots) throws IOException {
        CompositeResourceAccessor composite = new CompositeResourceAccessor();
        for (Path root : roots) {
            composite.addResourceAccessor(new DirectoryResourceAccessor(root));
        }
        return composite;
    }

    private static DatabaseChangeLog parse(Path folder, String rootName, String displayName,
                                           ChangeLogParameters values, ResourceAccessor resources) throws PlanInputException {
        try {
            ChangeLogParser parser = ChangeLogParserFactory.getInstance().getParser(rootName, resources);
            return parser.parse(rootName, values, resources);
        } catch (LiquibaseException | RuntimeException e) {
            UnknownChangeLogParameterException unknown = find(e, UnknownChangeLogParameterException.class);
            if (unknown != null) {
                throw new PlanInputException("the Liquibase changelog " + displayName + " uses a parameter that has"
                        + " no value: " + unknown.getMessage() + " (give it a value as a changelog parameter)");
            }
            ClassNotFoundException missingClass = find(e, ClassNotFoundException.class);
            if (missingClass != null) {
                throw new PlanInputException("cannot read the Liquibase changelog " + displayName + ": it names the Java"
                        + " class " + missingClass.getMessage() + ", which plan does not have (custom changes are not"
                        + " supported: plan cannot run their code; plan the SQL they run instead)");
            }
            Matcher notFound = NOT_FOUND.matcher(message(e));
            if (notFound.find()) {
                throw new PlanInputException("the Liquibase changelog " + displayName + " includes " + notFound.group(1)
                        + ", which is neither in its folder " + folder + " nor under a folder above it (plan resolves"
                        + " include, includeAll and sqlFile paths against the root changelog's folder: check the path)");
            }
            throw new PlanInputException("cannot parse the Liquibase changelog " + displayName + ": " + message(e)
                    + " (Liquibase " + liquibaseVersion() + " refuses it too: fix the changelog)");
        }
    }

    private static List<ChangeSetSql> changeSets(DatabaseChangeLog parsed, Database database, FileNames names)
            throws PlanInputException {
        List<ChangeSetSql> result = new ArrayList<>();
        Map<String, ChangeSetLines> lines = new HashMap<>();
        for (ChangeSet changeSet : parsed.getChangeSets()) {
            if (changeSet.isIgnore() || !forDatabase(changeSet, database)) {
                continue;
            }
            String file = names.display(changeSet.getFilePath());
            ChangeSetLines text = lines.computeIfAbsent(changeSet.getFilePath(), names::lines);
            int line = text.lineOf(changeSet.getId(), changeSet.getAuthor());
            List<String> statements = new ArrayList<>();
            for (Change change : changeSet.getChanges()) {
                statements.addAll(sql(change, database, file + ":" + line + " (changeset " + changeSet.getId() + ")"));
            }
            result.add(new ChangeSetSql(file, changeSet.getId(), changeSet.getAuthor(), line,
                    changeSet.isRunInTransaction(), statements));
        }
        return result;
    }

    /** Liquibase's own dbms test: a list, {@code !name} to exclude, {@code all} or {@code none}. */
    private static boolean forDatabase(ChangeSet changeSet, Database database) {
        return changeSet.getDbmsSet() == null || changeSet.getDbmsSet().isEmpty()
                || DatabaseList.definitionMatches(changeSet.getDbmsSet(), database, true);
    }

    private static List<String> sql(Change change, Database database, String where) throws PlanInputException {
        ValidationErrors errors = change.validate(database);
        if (errors != null && errors.hasErrors()) {
            throw new PlanInputException(where + ": Liquibase refuses the change " + change.getSerializedObjectName()
                    + " on " + database.getShortName() + ": " + String.join("; ", errors.getErrorMessages()));
        }
        List<String> statements = new ArrayList<>();
        try {
            for (SqlStatement statement : change.generateStatements(database)) {
                for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
                    String text = sql.toSql() == null ? "" : sql.toSql().strip();
                    if (!text.isEmpty()) {
                        statements.add(terminated(text));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new PlanInputException(where + ": Liquibase cannot write the SQL of the change "
                    + change.getSerializedObjectName() + " for " + database.getShortName() + ": " + message(e));
        }
        if (statements.isEmpty() && !NO_SQL_CHANGES.contains(change.getSerializedObjectName())) {
            // e.g. dropAllForeignKeyConstraints asks the database which keys exist: offline there are none
            throw new PlanInputException(where + ": Liquibase writes no SQL for the change "
                    + change.getSerializedObjectName() + " without a live database, so plan cannot show what it does"
                    + " (write the changes it stands for explicitly, e.g. one dropForeignKeyConstraint per key)");
        }
        return statements;
    }

    /** Ends the statement with {@code ;}, on a line of its own when its last line ends in a {@code --} comment. */
    private static String terminated(String text) {
        if (text.endsWith(";")) {
            return text;
        }
        String lastLine = text.substring(text.lastIndexOf('\n') + 1);
        return lastLine.contains("--") ? text + "\n;" : text + ";";
    }

    private static String liquibaseVersion() {
        String version = liquibase.util.LiquibaseUtil.getBuildVersion();
        return version == null ? "" : version;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message that says something, without Liquibase's exception class prefixes. */
    private static String message(Throwable e) {
        String best = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
                break;
            }
        }
        return best.replaceAll("(?:[a-z]+\\.)+[A-Z]\\w*Exception: ", "");
    }

    /**
     * Display names and texts of the changelog's files. Liquibase names a file by its path under the search root
     * it was found in; reports name it relative to the root changelog's folder, under the display name's folder.
     */
    private record FileNames(Path folder, List<Path> roots, String rootName, String displayName) {
        String display(String liquibasePath) {
            Path file = locate(liquibasePath);
            String relative = folder.relativize(file).toString().replace('\\', '/');
            if (relative.equals(rootName)) {
                return displayName;
            }
            int slash = displayName.lastIndexOf('/');
            String shown = slash < 0 ? relative : displayName.substring(0, slash + 1) + relative;
            return shown.contains("..") ? Path.of(shown).normalize().toString().replace('\\', '/') : shown;
        }

        ChangeSetLines lines(String liquibasePath) {
            Path file = locate(liquibasePath);
            try {
                return ChangeSetLines.of(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
            } catch (IOException | RuntimeException e) {
                return ChangeSetLines.of("", liquibasePath); // no line found: 1
            }
        }

        /** The file under the first search root that has it, as Liquibase picks it; else under the folder. */
        private Path locate(String liquibasePath) {
            String path = liquibasePath.replace('\\', '/');
            if (path.startsWith("file:")) {
                path = path.substring("file:".length());
            }
            Path given = Path.of(path);
            if (given.isAbsolute() && Files.isRegularFile(given)) {
                return given.normalize();
            }
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            for (Path root : roots) {
                Path candidate = root.resolve(path).normalize();
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return folder.resolve(path).normalize();
        }
    }
}
