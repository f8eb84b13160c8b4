package dev.safemigrate.cli;

import dev.safemigrate.cli.PlanCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.safemigrate.cli.PlanCommandTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan} on a Liquibase changelog (src/test/resources/liquibase/master.xml and its YAML, JSON and formatted
 * SQL includes), read by Liquibase's parser and SQL generators: golden text and JSON per dialect; a changeset is
 * a unit (the tables of earlier changesets exist); formatted SQL found in a folder; Liquibase's errors are bad
 * input. (DATABASECHANGELOG with --url: PlanLiquibaseHistoryTest on the real servers.)
 */
class PlanLiquibaseTest {
    private static final Path MASTER = Path.of("src/test/resources/liquibase/master.xml");
    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, --format {1}")
    @CsvSource({"postgresql, text", "postgresql, json", "mariadb, text"})
    void theChangelogPlansAsTheGoldenFileSays(String dialect, String format) throws IOException {
        Result r = plan("--dialect", dialect, "--format", format, "--fail-on", "never", "--placeholder", "schema=shop",
                MASTER.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        Path golden = GOLDEN.resolve("liquibase-" + dialect + "." + format);
        if (Boolean.getBoolean("plan.updateGolden")) {
            Files.writeString(golden, r.out());
        }
        assertThat(r.out()).isEqualTo(Files.readString(golden));
    }

    @Test
    void aChangesetIsAUnitTheTablesOfEarlierChangesetsExist() throws IOException {
        Path log = Files.writeString(dir.resolve("changelog.sql"), """
                --liquibase formatted sql

                --changeset alice:1
                CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
                CREATE INDEX accounts_id_email ON accounts (id, email);

                --changeset alice:2
                CREATE INDEX accounts_email ON accounts (email);
                """);

        // found in a folder, a formatted SQL changelog is read by Liquibase, not as plain SQL
        Result r = plan("--fail-on", "never", dir.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("files: changelog.sql\n")
                .containsPattern("changelog.sql:3 +CREATE INDEX accounts_id_email .* as written +none")
                .containsPattern("changelog.sql:7 +CREATE INDEX accounts_email .* rewritten +none")
                .contains("table accounts was created by an earlier migration (changeset 1 by alice in changelog.sql)");
        assertThat(Files.exists(log)).isTrue();
    }

    @Test
    void aChangelogLiquibaseCannotReadIsBadInputNamingTheFile() {
        Result r = plan(Path.of("src/test/resources/liquibase/broken/unclosed.xml").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unclosed.xml");
    }
}
