package dev.safemigrate.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the {@code .sql} files under the paths given and puts them in the order a migration tool runs
 * them: Flyway versioned files ({@code V<version>__<description>.sql}) by version, numerically; then
 * repeatables ({@code R__<description>.sql}) by description; then any other {@code .sql} file in the
 * order of the arguments, files of a folder by path. Folders are searched recursively.
 */
public final class MigrationFiles {
    private MigrationFiles() {
    }

    public static List<MigrationFile> discover(List<Path> arguments) throws PlanInputException {
        List<MigrationFile> all = new ArrayList<>();
        for (Path argument : arguments) {
            if (!Files.exists(argument)) {
                throw new PlanInputException("no such file or folder: " + argument);
            }
            if (Files.isDirectory(argument)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(argument)) {
                    found = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
                            .sorted(Comparator.comparing(p -> argument.relativize(p).toString().replace('\\', '/')))
                            .toList();
                } catch (IOException | RuntimeException e) {
                    throw new PlanInputException("cannot read the folder " + argument + ": " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new PlanInputException("no .sql files in " + argument
                            + " (plan reads Flyway-named or plain .sql migration files in folders; name a Liquibase"
                            + " changelog as a file)");
                }
                for (Path p : found) {
                    all.add(MigrationFile.of(p, argument.relativize(p).toString().replace('\\', '/')));
                }
            } else {
                Path name = argument.getFileName();
                all.add(MigrationFile.of(argument, name == null ? argument.toString() : name.toString()));
            }
        }
        return order(all);
    }

    static List<MigrationFile> order(List<MigrationFile> files) throws PlanInputException {
        List<MigrationFile> versioned = new ArrayList<>();
        List<MigrationFile> repeatable = new ArrayList<>();
        List<MigrationFile> plain = new ArrayList<>();
        for (MigrationFile f : files) {
            switch (f.kind()) {
                case VERSIONED -> versioned.add(f);
                case REPEATABLE -> repeatable.add(f);
                case PLAIN -> plain.add(f);
            }
        }
        versioned.sort((a, b) -> MigrationFile.compareVersions(a.version(), b.version()));
        for (int k = 1; k < versioned.size(); k++) {
            if (MigrationFile.compareVersions(versioned.get(k - 1).version(), versioned.get(k).version()) == 0) {
                throw new PlanInputException("two migrations have version " + versioned.get(k).versionText() + ": "
                        + versioned.get(k - 1).path() + " and " + versioned.get(k).path()
                        + " (Flyway refuses this too; rename one)");
            }
        }
        repeatable.sort(Comparator.comparing(MigrationFile::description));
        List<MigrationFile> ordered = new ArrayList<>(versioned);
        ordered.addAll(repeatable);
        ordered.addAll(plain);
        return ordered;
    }
}
