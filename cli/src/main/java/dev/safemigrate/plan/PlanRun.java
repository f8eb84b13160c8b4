package dev.safemigrate.plan;

import dev.safemigrate.plan.liquibase.ChangeSetSql;
import dev.safemigrate.plan.liquibase.LiquibaseChangelogs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code plan} over its inputs: which migrations are planned and which only read for the schema
 * they build ({@link MigrationSelection}). Flyway files are units of their own; a Liquibase changeset is one
 * unit (one transaction unless {@code runInTransaction=false}). With {@code --url}, what the history tables
 * list as applied is not even read: the database holds what it built.
 */
public final class PlanRun {
    private final Planner planner;
    private final MigrationSelection selection;
    private final boolean live;
    private final List<StatementPlan> statements = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<PlanReport.NotPlanned> notPlanned = new ArrayList<>();

    private PlanRun(Planner planner, MigrationSelection selection, boolean live) {
        this.planner = planner;
        this.selection = selection;
        this.live = live;
    }

    /**
     * @param dialect {@code postgresql}, {@code mysql} or {@code mariadb} (Liquibase writes the SQL for it)
     * @param server the live server's version, or {@code null}
     * @param parameters Liquibase changelog parameters ({@code --placeholder})
     * @param locations filled with each reported file's path (display name → file), for CI annotations
     */
    public static PlanReport run(Planner planner, String dialect, boolean live, String server, PlanInputs inputs,
                                 MigrationSelection selection, FlywayPlaceholders placeholders,
                                 Map<String, String> parameters, Map<String, Path> locations)
            throws PlanInputException {
        PlanRun run = new PlanRun(planner, selection, live);
        for (int k = 0; k < inputs.files().size(); k++) {
            run.flywayFile(inputs.files().get(k), inputs.raw().get(k), placeholders);
        }
        for (MigrationFile changelog : inputs.changelogs()) {
            for (ChangeSetSql changeSet : LiquibaseChangelogs.read(changelog.path(), changelog.displayName(), dialect,
                    parameters)) {
                Path file = pathOf(changelog, changeSet);
                locations.putIfAbsent(changeSet.file(), file);
                run.changeSet(changeSet, file);
            }
        }
        List<String> files = new ArrayList<>();
        for (String name : run.names) {
            if (!files.contains(name)) {
                files.add(name);
            }
        }
        return new PlanReport(dialect, live, server, files, run.statements, run.notPlanned);
    }

    private void flywayFile(MigrationFile file, String raw, FlywayPlaceholders placeholders) throws PlanInputException {
        String why = selection.whyNotPlanned(file, raw);
        if (why != null) {
            notPlanned.add(new PlanReport.NotPlanned(file.displayName(), why));
            if (!(live && selection.appliedPerHistory(file, raw))) {
                planner.read(file.displayName(), placeholders.replace(raw, file));
            }
            return;
        }
        names.add(file.displayName());
        statements.addAll(planner.plan(file.displayName(), placeholders.replace(raw, file)));
    }

    private void changeSet(ChangeSetSql changeSet, Path file) {
        String unit = "changeset " + changeSet.id() + " by " + changeSet.author() + " in " + changeSet.file();
        String why = selection.whyNotPlanned(changeSet, file);
        if (why != null) {
            notPlanned.add(new PlanReport.NotPlanned(changeSet.file() + " (changeset " + changeSet.id() + " by "
                    + changeSet.author() + ")", why));
            if (!(live && selection.appliedPerHistory(changeSet))) {
                planner.read(unit, changeSet.statements());
            }
            return;
        }
        names.add(changeSet.file());
        statements.addAll(planner.plan(changeSet.file(), unit, changeSet.line(), changeSet.statements(),
                changeSet.runInTransaction()));
    }

    /** The file on disk that holds a changeset: its name is relative to the folder of the root's display name. */
    private static Path pathOf(MigrationFile changelog, ChangeSetSql changeSet) {
        Path shown = Path.of(changelog.displayName()).getParent();
        Path relative = shown == null ? Path.of(changeSet.file()) : shown.relativize(Path.of(changeSet.file()));
        Path folder = changelog.path().toAbsolutePath().normalize().getParent();
        return folder.resolve(relative).normalize();
    }
}
