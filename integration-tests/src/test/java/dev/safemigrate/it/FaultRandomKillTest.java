package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.FaultProxy.Fault;
import dev.safemigrate.it.support.FaultRig;
import dev.safemigrate.it.support.FaultScenario;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 random faults per engine (100 a run): a random scenario of {@link FaultScenarios}, a random step of it, a random
 * fault kind; each followed by the re-run and the convergence checks of {@link FaultEveryStepTest}. The seed is
 * printed; {@code -Dfaults.seed=<seed>} replays a run, {@code -Dfaults.kills=<n>} changes the count.
 */
class FaultRandomKillTest {
    /** Per engine: 100 a run across both. */
    static final int KILLS = Integer.getInteger("faults.kills", 50);

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract List<FaultScenario> scenarios();

        @Test
        void randomFaultsAllConvergeOnReRun() throws Exception {
            long seed = Long.getLong("faults.seed", System.nanoTime());
            System.out.println("fault-random-kill " + db.engine() + ": seed " + seed + " (replay: -Dfaults.seed=" + seed + ")");
            Random random = new Random(seed);
            long start = System.nanoTime();
            try (FaultRig rig = new FaultRig(db)) {
                Map<FaultScenario, FaultRig.Clean> cleans = new HashMap<>();
                for (FaultScenario s : scenarios()) {
                    FaultRig.Clean clean = rig.clean(s);
                    cleans.put(s, clean);
                    System.out.printf("fault-random-kill %s %s: %d steps, clean run %d ms%n", db.engine(), s.name(),
                            clean.steps(), clean.millis());
                    if (Boolean.getBoolean("faults.printSteps")) {
                        for (int k = 0; k < clean.steps(); k++) {
                            System.out.printf("  step %d: %s%n", k + 1, clean.stepLog().get(k));
                        }
                    }
                }
                List<String> problems = new ArrayList<>();
                int steps = 0;
                int converged = 0;
                int reRuns = 0;
                int halfDropped = 0;
                for (int i = 0; i < KILLS; i++) {
                    FaultScenario s = scenarios().get(random.nextInt(scenarios().size()));
                    FaultRig.Clean clean = cleans.get(s);
                    int step = 1 + random.nextInt(clean.steps());
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    FaultRig.Outcome outcome = rig.inject(clean, fault, step);
                    if (outcome.problem() == null) {
                        converged++;
                    } else {
                        problems.add("kill " + (i + 1) + ", " + outcome.label() + ": " + outcome.problem());
                        System.out.println("fault-random-kill " + db.engine() + " NOT CONVERGED: " + problems.get(problems.size() - 1));
                    }
                    reRuns += outcome.reRun() ? 1 : 0;
                    halfDropped += outcome.serverLeftovers().isEmpty() ? 0 : 1;
                }
                for (FaultRig.Clean clean : cleans.values()) {
                    steps += clean.steps();
                }
                System.out.printf("fault-random-kill %s: seed %d, %d scenarios, %d steps, %d kills, %d re-runs,"
                                + " %d converged (%d with a trigger the server half dropped), %d s%n", db.engine(), seed,
                        cleans.size(), steps, KILLS, reRuns, converged, halfDropped, (System.nanoTime() - start) / 1_000_000_000);
                assertThat(problems).as("seed " + seed).isEmpty();
            }
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgreSql extends Common {
        OnPostgreSql(TestDatabase db) {
            super(db);
        }

        @Override
        List<FaultScenario> scenarios() {
            return FaultScenarios.postgres();
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        List<FaultScenario> scenarios() {
            return FaultScenarios.mysql();
        }
    }
}
