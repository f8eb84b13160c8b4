package dev.safemigrate.cli;

import dev.safemigrate.cli.PlanCommandTest.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.safemigrate.cli.PlanCommandTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan} on two migration histories written like a real project's two years of Flyway files
 * (src/test/resources/plan-history, each file described in its README.md; every file runs on PostgreSQL 15 and
 * MariaDB 10.11), whole and as CI plans them ({@code --since}), against golden files
 * (src/test/resources/plan-golden/history-*; regenerate with {@code -Dplan.updateGolden=true} and review the diff).
 */
class PlanHistoryTest {
    private static final Path HISTORY = Path.of("src/test/resources/plan-history");
    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");
    private static final List<String> PLACEHOLDERS = List.of("--placeholder", "schema=public",
            "--placeholder", "reporting_role=reporting");

    @ParameterizedTest(name = "{0} as {1}, --format {2} {3}")
    @CsvSource(nullValues = "-", value = {
            "postgresql, postgresql, text, -", "postgresql, postgresql, json, -",
            "postgresql, postgresql, text, 20", "postgresql, postgresql, github, 20", "postgresql, postgresql, sarif, 20",
            "mysql, mariadb, text, -", "mysql, mariadb, json, -", "mysql, mysql, json, -",
            "mysql, mariadb, text, 15", "mysql, mariadb, github, 15"})
    void theHistoryPlansAsTheGoldenFileSays(String history, String dialect, String format, String since)
            throws IOException {
        List<String> args = new ArrayList<>(PLACEHOLDERS);
        args.addAll(List.of("--dialect", dialect, "--format", format, "--fail-on", "never"));
        if (since != null) {
            args.addAll(List.of("--since", since));
        }
        args.add(HISTORY.resolve(history).resolve("db/migration").toString());

        Result r = plan(args.toArray(String[]::new));

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        String name = "history-" + dialect + (since == null ? "" : "-since-" + since) + "." + format;
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("plan.updateGolden")) {
            Files.writeString(golden, r.out());
        }
        assertThat(r.out()).isEqualTo(Files.readString(golden));
    }
}
