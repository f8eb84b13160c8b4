package dev.safemigrate.plan;

import java.util.ArrayList;
import java.util.List;

/** One run of {@code plan} over a list of migration files: which are planned, which only read. */
public final class PlanRun {
    private PlanRun() {
    }

    /**
     * Plans the selected files and reads the others for their schema. With {@code --url}, the files the history
     * lists as applied are not even read: the database holds what they built.
     */
    public static PlanReport run(Planner planner, String dialect, boolean live, String server,
                                     List<MigrationFile> files, List<String> raw, MigrationSelection selection,
                                     FlywayPlaceholders placeholders, boolean skipApplied) throws PlanInputException {
        List<StatementPlan> statements = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<PlanReport.NotPlanned> notPlanned = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            MigrationFile file = files.get(k);
            String why = selection.whyNotPlanned(file, raw.get(k));
            if (why != null) {
                notPlanned.add(new PlanReport.NotPlanned(file.displayName(), why));
                if (!(skipApplied && selection.appliedPerHistory(file, raw.get(k)))) {
                    planner.read(file.displayName(), placeholders.replace(raw.get(k), file));
                }
                continue;
            }
            names.add(file.displayName());
            statements.addAll(planner.plan(file.displayName(), placeholders.replace(raw.get(k), file)));
        }
        return new PlanReport(dialect, live, server, names, statements, notPlanned);
    }
}
