package dev.safemigrate.it;

import dev.safemigrate.SafeMigrate;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.differential.DifferentialRunner;
import dev.safemigrate.it.differential.Figures;
import dev.safemigrate.it.differential.RegressionSequences;
import dev.safemigrate.it.differential.Sequence;
import dev.safemigrate.it.differential.SequenceGenerator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential suite of issue 18: generated migration sequences ({@link SequenceGenerator}) run through
 * the bare driver and through safemigrate with every rule forced, on two fresh schemas/databases each
 * ({@link DifferentialRunner}); every step must return the same thing (success or the same SQLSTATE, the
 * same update counts and results) and the final catalog and rows must be identical. The intended
 * differences that are handled rather than compared (split transactions, partly committed batches and the
 * violation a batch meets first, NOT VALID leftovers of a failed VALIDATE, re-run convergence, serial values of
 * unordered INSERT … SELECT) are listed, with why, in {@link DifferentialRunner}'s javadoc.
 *
 * <p>System properties: {@code differential.seed} (default 18) and {@code differential.sequences} (default
 * {@value #DEFAULT_SEQUENCES} per engine) choose the generated sequences; {@code differential.replay=<n>} runs
 * only the sequence of seed {@code n}, as printed with a failure. Fixed regressions
 * ({@link RegressionSequences}) run every time. Each engine prints one summary line (statements, sequences,
 * failures on both sides, transactions, cuts at intended differences, batches and rewrites from the driver's
 * Micrometer meters).
 *
 * <p>The default, {@value #DEFAULT_SEQUENCES} sequences, compares more than 10,000 statements per engine in
 * about three minutes per engine on two cores (the test checks at least 10,000). More, or another seed:
 * <pre>
 * ./mvnw -B -o verify -pl driver,agent,cli,integration-tests -Dit.extraRuns.skip=true -Dtest='DifferentialTest*' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddifferential.sequences=2000 -Ddifferential.seed=7
 * </pre>
 * ({@code it.extraRuns.skip} keeps {@code -Dtest} from running it again in the PostgreSQL 14 and oldest-Flyway runs.)
 */
class DifferentialTest {
    static final int DEFAULT_SEQUENCES = 600;

    abstract static class Common {
        final TestDatabase db;
        SimpleMeterRegistry meters;

        Common(TestDatabase db) {
            this.db = db;
        }

        @BeforeEach
        void meters() {
            meters = new SimpleMeterRegistry();
            SafeMigrate.useMeterRegistry(meters);
        }

        @AfterEach
        void resetMeters() {
            SafeMigrate.useMeterRegistry(Metrics.globalRegistry);
        }

        @Test
        void generatedSequencesGiveTheSameResultsThroughBothDrivers() throws Exception {
            long seed = Long.getLong("differential.seed", 18L);
            int count = Integer.getInteger("differential.sequences", DEFAULT_SEQUENCES);
            String replay = System.getProperty("differential.replay");
            List<Long> seeds = new ArrayList<>();
            if (replay != null && !replay.isBlank()) {
                seeds.add(Long.parseLong(replay.strip()));
            } else {
                for (int i = 0; i < count; i++) {
                    seeds.add(seed * 1_000_000L + i);
                }
            }
            System.out.println("[differential] " + db.engine() + ": seed " + seed + ", " + seeds.size() + " sequences"
                    + (replay != null ? " (replay " + replay + ")" : ""));
            Figures figures = run(seeds.stream().map(s -> SequenceGenerator.generate(db.engine(), s)).toList());
            if (replay == null) {
                assertThat(figures.statements()).as("statements compared").isGreaterThanOrEqualTo(8L * count);
                if (count >= DEFAULT_SEQUENCES) {
                    assertThat(figures.statements()).as("issue 18: at least 10,000 statements per engine")
                            .isGreaterThanOrEqualTo(10_000L);
                }
            }
        }

        @Test
        void fixedRegressionSequencesGiveTheSameResults() throws Exception {
            List<Sequence> sequences = RegressionSequences.forEngine(db.engine());
            assertThat(sequences).isNotEmpty();
            run(sequences);
        }

        private Figures run(List<Sequence> sequences) throws Exception {
            Figures total = new Figures();
            List<String> failures = new ArrayList<>();
            long start = System.nanoTime();
            DifferentialRunner runner = new DifferentialRunner(db);
            try {
                for (Sequence sequence : sequences) {
                    DifferentialRunner.Result result = runner.run(sequence);
                    total.add(result.figures());
                    if (!result.differences().isEmpty()) {
                        String text = String.join("\n", result.differences()) + "\n" + sequence.listing()
                                + "replay: -Ddifferential.replay=" + sequence.name().replace("seed=", "");
                        System.out.println("[differential] DIFFERENCE " + text);
                        failures.add(text);
                        if (failures.size() >= 20) {
                            break;
                        }
                    }
                }
            } finally {
                runner.close();
            }
            total.setMillis((System.nanoTime() - start) / 1_000_000);
            System.out.println("[differential] " + db.engine() + " summary: " + total.summary() + "; " + meterSummary());
            assertThat(failures).as("sequences that differ").isEmpty();
            return total;
        }

        /** Batches run and rewrites applied by the safe side, from the driver's Micrometer meters. */
        private String meterSummary() {
            double batches = meters.find("safemigrate.batch.batches").counters().stream().mapToDouble(c -> c.count()).sum();
            TreeMap<String, Long> rewrites = new TreeMap<>();
            for (Meter m : meters.find("safemigrate.rewrites").meters()) {
                rewrites.merge(m.getId().getTag("rule"), (long) ((io.micrometer.core.instrument.Counter) m).count(), Long::sum);
            }
            return (long) batches + " batches, rewrites " + rewrites;
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMariaDb extends Common {
        OnMariaDb(TestDatabase db) {
            super(db);
        }
    }
}
