package dev.safemigrate.it.differential;

import java.util.List;
import java.util.Set;

/**
 * A migration to run on both sides: setup steps (tables and rows), then the steps under test.
 *
 * @param name              a replayable name: {@code seed=<n>} for generated ones, a title for fixed regressions
 * @param transactionPolicy the safe side's {@code safemigrate.transactionPolicy}, drawn per sequence: under
 *                          {@code split} its transactions only commit, only {@code keep} ones roll back (see
 *                          {@link DifferentialRunner})
 * @param batchMaxSize      the safe side's {@code safemigrate.batch.maxSize}
 * @param serialExcepted    tables whose serial column is left out of the row comparison (filled by an
 *                          unordered INSERT … SELECT: the order, so the serial values, is the server's choice)
 */
public record Sequence(String name, String transactionPolicy, int batchMaxSize, List<Step> setup, List<Step> steps,
                       Set<String> serialExcepted) {

    public Sequence {
        setup = List.copyOf(setup);
        steps = List.copyOf(steps);
        serialExcepted = Set.copyOf(serialExcepted);
    }

    /** The whole sequence, one step a line, for a failure message. */
    public String listing() {
        StringBuilder text = new StringBuilder("sequence ").append(name).append(" (transactionPolicy=")
                .append(transactionPolicy).append(", batch.maxSize=").append(batchMaxSize).append(")\n");
        for (Step s : setup) {
            text.append("  setup: ").append(s).append('\n');
        }
        for (int i = 0; i < steps.size(); i++) {
            text.append("  ").append(i + 1).append(": ").append(steps.get(i)).append('\n');
        }
        return text.toString();
    }
}
