package dev.safemigrate.cli.demo;

import dev.safemigrate.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoOptionsTest {
    @Test
    void noArgumentsMeanTheEmbeddedDatabaseWithTheDefaults() throws Exception {
        DemoOptions o = DemoOptions.parse(List.of());
        assertThat(o.embedded()).isTrue();
        assertThat(o.rows()).isEqualTo(300_000);
        assertThat(o.lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.progress()).isTrue();
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() throws Exception {
        DemoOptions o = DemoOptions.parse(List.of("--url=jdbc:postgresql://db:5432/app", "--user", "app",
                "--password=s3cret", "--rows", "50_000", "--lock-timeout", "200ms", "--hold=3s", "--no-progress"));
        assertThat(o.url()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(o.user()).isEqualTo("app");
        assertThat(o.password()).isEqualTo("s3cret");
        assertThat(o.rows()).isEqualTo(50_000);
        assertThat(o.lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.progress()).isFalse();
    }

    @Test
    void theSafemigrateUrlIsAcceptedAsTheBareOne() throws Exception {
        assertThat(DemoOptions.parse(List.of("--url", "jdbc:safemigrate:postgresql://db/app")).url())
                .isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void mysqlAndMariadbUrlsAreRefusedWithTheReason() {
        for (String url : List.of("jdbc:mysql://db/app", "jdbc:safemigrate:mariadb://db/app")) {
            assertThatThrownBy(() -> DemoOptions.parse(List.of("--url", url)))
                    .isInstanceOf(DemoOptions.UsageException.class)
                    .hasMessageContaining("PostgreSQL only");
        }
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--rows", "500")))
                .hasMessageContaining("--rows").hasMessageContaining("20000").hasMessageContaining("'500'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--lock-timeout", "soon")))
                .hasMessageContaining("--lock-timeout").hasMessageContaining("500ms");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--rows"))).hasMessage("Missing required parameter for option '--rows' (N)");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--rowz", "1"))).hasMessage("Unknown options: '--rowz', '1'");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--user", "app")))
                .hasMessageContaining("go with --url");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--lock-timeout", "3s", "--hold", "5s")))
                .hasMessageContaining("at least twice --lock-timeout");
    }

    @Test
    void thePasswordNeverAppearsInTheOptionsText() throws Exception {
        DemoOptions o = DemoOptions.parse(List.of("--url", "jdbc:postgresql://db/app?password=inurl", "--user", "app",
                "--password", "s3cret"));
        assertThat(o.toString()).doesNotContain("s3cret").doesNotContain("inurl").contains("(given)");
    }

    @Test
    void badUsageExitsWith2AndSaysWhereTheOptionsAre() {
        Run run = demo("--rows", "many");
        assertThat(run.code).isEqualTo(Main.USAGE);
        assertThat(run.err).contains("Invalid value for option '--rows': expected a number")
                .contains("Run 'java -jar safemigrate.jar demo --help' for the options.");
    }

    @Test
    void helpPrintsTheOptionsAndExits0() {
        Run run = demo("--help");
        assertThat(run.code).isEqualTo(Main.OK);
        assertThat(run.out).contains("--url=JDBC_URL").contains("--no-progress");
    }

    @Test
    void anUnreachableDatabaseExitsWith3AndSaysWhereItTried() {
        Run run = demo("--url", "jdbc:postgresql://127.0.0.1:1/nothing?password=inurl", "--user", "u",
                "--password", "s3cret", "--no-progress");
        assertThat(run.code).isEqualTo(Main.DATABASE);
        assertThat(run.err).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/nothing:")
                .doesNotContain("s3cret").doesNotContain("inurl");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("demo"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
