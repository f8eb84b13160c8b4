package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.FaultProxy.Fault;
import dev.safemigrate.it.support.FaultRig;
import dev.safemigrate.it.support.FaultScenario;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of every multi-step rewrite and batch broken in every way: for each scenario a clean run through the
 * {@link dev.safemigrate.it.support.FaultProxy} counts its steps (statements the driver sends, on all its
 * connections); then for every step k and every fault (connection cut before k, cut after k before its reply,
 * backend terminated at k) a fresh fixture is broken at k and the same statement sent again on a direct
 * connection. It must end exactly where the clean run ended: same catalog, same rows (non-idempotent
 * {@code n = n + 1}: every row changed once), nothing INVALID, no helper left, no session of the driver left.
 */
class FaultEveryStepTest {
    /**
     * {@code -Dfaults.all=true}: all three faults at every step. By default a run of consecutive steps that change
     * nothing beyond their session ({@link FaultRig#sessionOnly}) gets one fault, at its first step, of a kind that
     * rotates with k: every fault in such a run leaves the server as a cut before the step after it does.
     */
    static final boolean ALL = Boolean.getBoolean("faults.all");
    /** {@code -Dfaults.only=<scenario>:<FAULT>:<step>[,…]} runs only those faults (to replay a failure). */
    static final String ONLY = System.getProperty("faults.only", "");

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract List<FaultScenario> scenarios();

        @TestFactory
        Stream<DynamicTest> everyStepOfEveryScenarioConvergesOnReRun() {
            return scenarios().stream().filter(s -> ONLY.isEmpty() || ("," + ONLY).contains("," + s.name() + ":")).map(s -> DynamicTest.dynamicTest(s.name(), () -> everyStep(s)));
        }

        private void everyStep(FaultScenario s) throws Exception {
            long start = System.nanoTime();
            try (FaultRig rig = new FaultRig(db)) {
                FaultRig.Clean clean = rig.clean(s);
                List<String> problems = new ArrayList<>();
                int cases = 0;
                int failed = 0;
                int noReRun = 0;
                int halfDropped = 0;
                int invalidBefore = 0;
                boolean previousSessionOnly = false;
                for (int k = 1; k <= clean.steps(); k++) {
                    boolean sessionOnly = FaultRig.sessionOnly(clean.stepLog().get(k - 1));
                    List<Fault> faults = ALL || !sessionOnly ? List.of(Fault.values())
                            : previousSessionOnly ? List.of() : List.of(Fault.values()[k % 3]);
                    previousSessionOnly = sessionOnly;
                    if (!ONLY.isEmpty()) {
                        faults = new ArrayList<>();
                        for (String one : ONLY.split(",")) {
                            String[] only = one.split(":");
                            if (only[0].equals(s.name()) && k == Integer.parseInt(only[2])) {
                                faults.add(Fault.valueOf(only[1]));
                            }
                        }
                    }
                    for (Fault fault : faults) {
                        FaultRig.Outcome outcome = rig.inject(clean, fault, k);
                        cases++;
                        failed += outcome.faultedRunFailed() ? 1 : 0;
                        noReRun += outcome.faultedRunFailed() && !outcome.reRun() ? 1 : 0;
                        invalidBefore += outcome.invalidIndexBeforeReRun() ? 1 : 0;
                        if (!outcome.serverLeftovers().isEmpty()) {
                            halfDropped++;
                            System.out.println("fault-every-step " + db.engine() + " server left a half-dropped trigger: "
                                    + outcome.label() + ": " + outcome.serverLeftovers());
                        }
                        if (outcome.problem() != null) {
                            problems.add(outcome.label() + ": " + outcome.problem());
                            System.out.println("fault-every-step " + db.engine() + " NOT CONVERGED: " + problems.get(problems.size() - 1));
                        }
                    }
                }
                System.out.printf("fault-every-step %s %s: %d steps, %d faults, %d runs failed, %d re-runs not needed"
                                + " (finished batch), %d left an INVALID index for the re-run, %d did not converge, %d with a trigger"
                                + " the server half dropped, %d ms%n", db.engine(), s.name(), clean.steps(), cases, failed,
                        noReRun, invalidBefore, problems.size(), halfDropped, (System.nanoTime() - start) / 1_000_000);
                if (ONLY.isEmpty() && clean.stepLog().stream().anyMatch(t -> t.matches("(?i)CREATE (UNIQUE )?INDEX CONCURRENTLY.*"))) {
                    assertThat(invalidBefore).as("a kill in the middle of the concurrent build left an INVALID index")
                            .isPositive();
                }
                assertThat(problems).as(s.name() + ", steps of the clean run:\n  " + String.join("\n  ", clean.stepLog()))
                        .isEmpty();
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
