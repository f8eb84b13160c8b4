package dev.safemigrate.plan.report;

import dev.safemigrate.plan.FailOn;
import dev.safemigrate.plan.LockInfo;
import dev.safemigrate.plan.PlanReport;
import dev.safemigrate.plan.Risk;
import dev.safemigrate.plan.StatementPlan;
import dev.safemigrate.plan.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --format github}: the workflow commands GitHub Actions turns into annotations. */
class GithubReportTest {
    private static PlanReport corpus;

    @BeforeAll
    static void plan() throws Exception {
        corpus = Corpus.postgresql();
    }

    @Test
    void theCorpusReportsAsTheGoldenFileSays() throws Exception {
        Corpus.assertGolden("postgresql-postgresql.github", GithubReport.write(corpus, FailOn.DANGER, name -> name));
    }

    /** The corpus has 13 warnings (5 of them lint advice), 2 dangers and 4 refusals. */
    @ParameterizedTest(name = "--fail-on {0}: {1} errors, {2} warnings")
    @CsvSource({"NEVER, 0, 19", "WARNING, 19, 0", "DANGER, 6, 13", "REFUSED, 4, 15"})
    void anAnnotationIsAnErrorExactlyWhenItsStatementFailsTheBuild(FailOn failOn, int errors, int warnings) {
        List<String> lines = GithubReport.write(corpus, failOn, name -> name).lines().toList();

        assertThat(lines.stream().filter(l -> l.startsWith("::error ")).count()).isEqualTo(errors);
        assertThat(lines.stream().filter(l -> l.startsWith("::warning ")).count()).isEqualTo(warnings);
        assertThat(lines).hasSize(errors + warnings + 1);
        assertThat(lines.get(lines.size() - 1)).startsWith("::notice title=safemigrate plan::35 statement(s)")
                .endsWith("--fail-on " + failOn.label() + (failOn.fails(Risk.REFUSED) ? ": FAILED" : ": passed"));
    }

    @Test
    void aRefusedStatementIsAnnotatedAtItsLineWithItsRule() {
        String out = GithubReport.write(corpus, FailOn.DANGER, name -> "db/migration/" + name);

        assertThat(out).contains("::error file=db/migration/V4__breaking_and_blocking.sql,line=6,"
                + "title=safemigrate%3A refused [vacuum-full]::the driver refuses it: the migration stops here%0A"
                + "refusal: safemigrate refused VACUUM FULL accounts;");
        assertThat(out).contains("::warning file=db/migration/V4__breaking_and_blocking.sql,line=1,"
                + "title=safemigrate%3A warning [rename-column]::[rename-column] running application code");
    }

    @Test
    void messagesAndPropertiesAreEscapedAsGithubDecodesThem() {
        StatementPlan s = new StatementPlan("V1__a,b:c.sql", 7, "DROP TABLE t;", LockInfo.NONE, Verdict.AS_WRITTEN,
                null, List.of(), List.of(), null, Risk.WARNING, List.of("100% gone, really: yes", "second\r\nline"),
                List.of(), List.of(), List.of(), null, null, List.of());
        PlanReport report = new PlanReport("postgresql", false, null, List.of("V1__a,b:c.sql"), List.of(s));

        String first = GithubReport.write(report, FailOn.DANGER, name -> name).lines().findFirst().orElseThrow();

        assertThat(first).isEqualTo("::warning file=V1__a%2Cb%3Ac.sql,line=7,title=safemigrate%3A warning [plan-warning]"
                + "::100%25 gone, really: yes%0Asecond%0D%0Aline");
    }

    @Test
    void statementsWithoutRiskGetNoAnnotation() {
        List<String> lines = GithubReport.write(corpus, FailOn.DANGER, name -> name).lines().toList();

        // V3's first statement: an ADD FOREIGN KEY the driver adds NOT VALID and validates, risk none
        assertThat(lines).noneMatch(l -> l.contains("file=V3__constraints.sql,line=1,"));
        assertThat(lines).anyMatch(l -> l.contains("file=V3__constraints.sql,line=5,"));
    }
}
