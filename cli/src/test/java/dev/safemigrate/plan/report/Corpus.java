package dev.safemigrate.plan.report;

import dev.safemigrate.config.Settings;
import dev.safemigrate.dialect.postgres.PostgresSupport;
import dev.safemigrate.plan.MigrationFile;
import dev.safemigrate.plan.MigrationFiles;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Planner;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.sql.Dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan corpus planned offline as {@code plan} plans it, and the report golden files. */
final class Corpus {
    static final Path POSTGRESQL = Path.of("src/test/resources/plan-corpus/postgresql");
    static final Path GOLDEN = Path.of("src/test/resources/plan-golden");

    private Corpus() {
    }

    /** {@code plan src/test/resources/plan-corpus/postgresql} without a database, default settings. */
    static PlanReport postgresql() throws Exception {
        Planner planner = Planner.offline(Dialect.POSTGRESQL, false, Settings.defaults(), new PostgresSupport().rules());
        List<StatementPlan> statements = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (MigrationFile f : MigrationFiles.discover(List.of(POSTGRESQL))) {
            names.add(f.displayName());
            statements.addAll(planner.plan(f.displayName(), Files.readString(f.path())));
        }
        return new PlanReport("postgresql", false, null, names, statements);
    }

    /** Regenerate with {@code -Dplan.updateGolden=true}, as PlanCommandTest's golden files, and review the diff. */
    static void assertGolden(String name, String actual) throws IOException {
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("plan.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
