package dev.safemigrate.plan;

import java.util.List;

/**
 * Everything {@code plan} found, for the report writers.
 *
 * @param dialect {@code postgresql}, {@code mysql} or {@code mariadb}
 * @param live true when facts came from a database ({@code --url})
 * @param server the server's version when live, else {@code null}
 * @param files the files read, in order
 * @param statements each statement's plan, in order
 * @param notPlanned the files read only for the schema they build (applied, or not selected), in order
 */
public record PlanReport(String dialect, boolean live, String server, List<String> files, List<StatementPlan> statements,
                         List<NotPlanned> notPlanned) {

    /** A file read for its schema but not reported on, and why ({@link MigrationSelection}). */
    public record NotPlanned(String file, String why) {
    }

    public PlanReport(String dialect, boolean live, String server, List<String> files, List<StatementPlan> statements) {
        this(dialect, live, server, files, statements, List.of());
    }

    /** The worst risk of any statement. */
    public Risk worst() {
        Risk worst = Risk.NONE;
        for (StatementPlan s : statements) {
            worst = Risk.max(worst, s.risk());
        }
        return worst;
    }

    /** How many statements have each risk, indexed by {@link Risk#ordinal()}. */
    public int[] counts() {
        int[] n = new int[Risk.values().length];
        for (StatementPlan s : statements) {
            n[s.risk().ordinal()]++;
        }
        return n;
    }
}
