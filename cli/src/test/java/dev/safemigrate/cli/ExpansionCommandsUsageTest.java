package dev.safemigrate.cli;

import org.junit.jupiter.api.Test;

import static dev.safemigrate.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * status, contract and rollback before they reach a database: what a user who gets the options wrong sees
 * (exit code 2 and what to fix), and that a password never shows. The database side is ExpansionCommandsTest
 * in integration-tests.
 */
class ExpansionCommandsUsageTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:1/app";

    @Test
    void theCommandsAreListed() {
        assertThat(run().out()).contains("status").contains("contract").contains("rollback");
    }

    @Test
    void withoutUrlEachCommandIsBadUsage() {
        for (String command : new String[] {"status", "contract", "rollback"}) {
            MainTest.Result r = command.equals("rollback") ? run(command, "1") : run(command);

            assertThat(r.code()).as(command).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(command).contains("safemigrate " + command + ": Missing required option: '--url=JDBC_URL'")
                    .contains("Run 'java -jar safemigrate.jar " + command + " --help' for the options.");
        }
    }

    @Test
    void rollbackNeedsAnId() {
        MainTest.Result r = run("rollback", "--url", PG);

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Missing required parameter: 'ID'");
        assertThat(run("rollback", "--url", PG, "first").err()).contains("'first' is not a long");
        assertThat(run("contract", "--url", PG, "1", "2").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void aMySqlUrlIsRefusedWithoutConnectingOrShowingItsPassword() {
        MainTest.Result r = run("status", "--url", "jdbc:mysql://bob:hunter2@db:3306/app?password=hunter2");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("expansions exist on PostgreSQL only").contains("jdbc:mysql://…@db:3306/app")
                .doesNotContain("hunter2");
        assertThat(run("contract", "--url", "jdbc:safemigrate:mariadb://db/app").err()).contains("PostgreSQL only");
        assertThat(run("rollback", "--url", "postgres://db/app", "1").err()).contains("--url takes a JDBC URL");
    }

    @Test
    void badSettingsAndFormatsAreBadUsage() {
        assertThat(run("status", "--url", PG, "--format", "xml").err()).contains("--format takes text or json");
        assertThat(run("status", "--url", PG, "--set", "lockTimeout=2s").err())
                .contains("--set takes safemigrate.KEY=VALUE");
        MainTest.Result unknown = run("status", "--url", PG, "--set", "safemigrate.nope=1");
        assertThat(unknown.code()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("safemigrate.nope");
    }

    @Test
    void settingsThatWouldSendTheDropAsWrittenAreRefused() {
        for (String setting : new String[] {"safemigrate.dryRun=true", "safemigrate.rewrite=false",
            "safemigrate.enabled=false"}) {
            MainTest.Result r = run("contract", "--url", PG, "--set", setting);

            assertThat(r.code()).as(setting).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(setting).contains("would send the statement as written");
        }
        assertThat(run("rollback", "--url", "jdbc:safemigrate:postgresql://127.0.0.1:1/app?safemigrate.dryRun=true", "1")
                .err()).contains("would send the statement as written");
    }

    @Test
    void anUnreachableDatabaseIsExitThreeWithoutThePassword() {
        MainTest.Result r = run("status", "--url", PG, "--user", "app", "--password", "hunter2");

        assertThat(r.code()).isEqualTo(Main.DATABASE);
        assertThat(r.err()).contains("safemigrate status: cannot use the database at jdbc:postgresql://127.0.0.1:1/app")
                .contains("SQLSTATE").doesNotContain("hunter2");
        assertThat(run("contract", "--url", PG, "--password", "hunter2").code()).isEqualTo(Main.DATABASE);
    }
}
