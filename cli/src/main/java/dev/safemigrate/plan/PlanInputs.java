package dev.safemigrate.plan;

import java.util.List;

/**
 * What {@code plan} was given to read, in order: Flyway-named and plain SQL files (with their text as read,
 * before placeholders), then Liquibase changelogs (read with Liquibase once the dialect is known).
 *
 * @param files SQL migration files in the order a migration tool runs them
 * @param raw each file's text, as on disk
 * @param changelogs Liquibase changelogs: named on the command line, or formatted SQL files found in a folder
 */
public record PlanInputs(List<MigrationFile> files, List<String> raw, List<MigrationFile> changelogs) {
    public PlanInputs {
        files = List.copyOf(files);
        raw = List.copyOf(raw);
        changelogs = List.copyOf(changelogs);
    }
}
