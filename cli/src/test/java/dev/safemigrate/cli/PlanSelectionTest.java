package dev.safemigrate.cli;

import dev.safemigrate.cli.PlanCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.safemigrate.cli.PlanCommandTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which files {@code plan} reports on in CI (--since, --changed) while it reads the earlier ones for the schema
 * they build, and Flyway's placeholders. (--url with Flyway's history: PlanFlywayHistoryTest on real servers.)
 */
class PlanSelectionTest {
    @TempDir
    Path dir;

    private Path file(String name, String sql) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, sql);
        return p;
    }

    private void history() throws IOException {
        file("V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);");
        file("V2__teams.sql", "CREATE TABLE teams (id bigint PRIMARY KEY, name text);\nCREATE INDEX teams_name ON teams (name);");
        file("V3__index.sql", "CREATE INDEX accounts_email ON accounts (email);");
        file("V3.1__team_fk.sql", "ALTER TABLE accounts ADD COLUMN team bigint;\n"
                + "ALTER TABLE accounts ADD CONSTRAINT accounts_team_fk FOREIGN KEY (team) REFERENCES teams (id);");
        file("R__view.sql", "CREATE OR REPLACE VIEW account_emails AS SELECT email FROM accounts;");
    }

    @Test
    void sincePlansOnlyLaterVersionsWhileTheEarlierOnesBuildTheSchema() throws IOException {
        history();

        Result r = plan("--since", "2", "--fail-on", "never", dir.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("files: V3__index.sql, V3.1__team_fk.sql\n")
                .contains("read for their schema, not planned: V1__accounts.sql … V2__teams.sql (2 files) — versions are"
                        + " not above --since 2\n")
                .contains("read for their schema, not planned: R__view.sql — repeatable: --since cannot tell whether"
                        + " it changed (use --changed or --url)\n")
                .doesNotContain("CREATE TABLE accounts")
                // V1's table exists (production has it): the index is built concurrently
                .containsPattern("V3__index.sql:1 +CREATE INDEX accounts_email .* rewritten")
                .contains("table accounts was created by an earlier migration (V1__accounts.sql)")
                .contains("table teams was created by an earlier migration (V2__teams.sql)");
    }

    @Test
    void sinceAcceptsFlywaysWaysOfWritingAVersionAndRefusesOthers() throws IOException {
        history();

        assertThat(plan("--since", "V3", "--format", "json", dir.toString()).out())
                .contains("\"files\": [\n    \"V3.1__team_fk.sql\"\n  ]");
        assertThat(plan("--since", "3_1", "--format", "json", dir.toString()).out()).contains("\"files\": []")
                .contains("\"statements\": 0");
        Result bad = plan("--since", "three", dir.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--since takes a Flyway version such as 12 or 1.2.3, not 'three'");
    }

    @Test
    void jsonListsTheFilesNotPlannedAndWhy() throws IOException {
        history();

        String json = plan("--since", "3", "--format", "json", dir.toString()).out();

        assertThat(json).contains("\"notPlanned\": [\n    {\n      \"file\": \"V1__accounts.sql\",\n"
                + "      \"why\": \"version 1 is not above --since 3\"\n    },");
    }

    @Test
    void changedPlansWhatTheBranchChangedIncludingUncommittedAndUntrackedFiles() throws Exception {
        history();
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("commit", "-q", "-m", "history");
        git("checkout", "-q", "-b", "feature");
        file("V4__committed_on_the_branch.sql", "ALTER TABLE teams ADD COLUMN slug text;");
        git("add", ".");
        git("commit", "-q", "-m", "V4");
        Files.writeString(dir.resolve("R__view.sql"), "CREATE OR REPLACE VIEW account_emails AS SELECT id, email FROM accounts;");
        file("V5__untracked.sql", "CREATE INDEX teams_slug ON teams (slug);");

        Result r = plan("--changed", "main", "--fail-on", "never", dir.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("files: V4__committed_on_the_branch.sql, V5__untracked.sql, R__view.sql\n")
                .contains("read for their schema, not planned: V1__accounts.sql … V3.1__team_fk.sql (4 files) —"
                        + " unchanged against main (--changed)")
                .containsPattern("V5__untracked.sql:1 +CREATE INDEX teams_slug .* rewritten");
        // without a ref: what is not committed yet
        assertThat(plan("--changed", "--format", "json", dir.toString()).out())
                .contains("\"files\": [\n    \"V5__untracked.sql\",\n    \"R__view.sql\"\n  ]");
    }

    @Test
    void changedOutsideAGitRepositoryOrWithAnUnknownRefIsBadUsage() throws Exception {
        history();
        Result outside = plan("--changed", "main", dir.toString());
        assertThat(outside.code()).isEqualTo(2);
        assertThat(outside.err()).contains("--changed: git rev-parse --show-toplevel failed")
                .contains("not a git repository");

        git("init", "-q", "-b", "main");
        git("add", ".");
        git("commit", "-q", "-m", "history");
        Result unknown = plan("--changed", "no-such-branch", dir.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--changed: git merge-base no-such-branch HEAD failed");
    }

    @Test
    void placeholdersAreReplacedAsFlywayReplacesThem() throws IOException {
        file("V1__grants.sql", "-- for ${flyway:filename}\nGRANT SELECT ON ${schema}.orders TO ${Reporting_Role};\n"
                + "CREATE TABLE ${flyway:defaultSchema}.audit (id bigint PRIMARY KEY);");

        String json = plan("--placeholder", "schema=shop", "--placeholder", "reporting_role=reporting",
                "--format", "json", dir.toString()).out();

        assertThat(json).contains("\"sql\": \"GRANT SELECT ON shop.orders TO reporting;\"")
                .contains("\"sql\": \"CREATE TABLE public.audit (id bigint PRIMARY KEY);\"");
    }

    @Test
    void aPlaceholderWithoutAValueIsBadInputAtItsLine() throws IOException {
        file("V1__grants.sql", "SELECT 1;\nGRANT SELECT ON orders TO ${reporting_role};");

        Result r = plan(dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("V1__grants.sql:2: no value for the placeholder ${reporting_role}: give"
                + " --placeholder reporting_role=VALUE");
        assertThat(plan("--no-placeholders", "--format", "json", dir.toString()).out())
                .contains("\"sql\": \"GRANT SELECT ON orders TO ${reporting_role};\"");
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("git " + String.join(" ", args) + ": " + out).isZero();
    }
}
