package dev.safemigrate.agent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code -javaagent:safemigrate-agent.jar=key=value,…}: what each option does, and that every mistake
 * stops with a message naming the option and what it accepts ({@code SafeMigrateAgent} lets the
 * exception end the JVM's start).
 */
class AgentOptionsTest {

    @Test
    void withoutOptionsEveryConnectionToASupportedDatabaseIsSelected() {
        for (String none : new String[] {null, "", "  "}) {
            AgentOptions options = AgentOptions.parse(none);
            assertThat(options.when()).isEqualTo(AgentOptions.When.ALWAYS);
            assertThat(options.selectsUrl("jdbc:postgresql://db/app")).isTrue();
            assertThat(options.selectsUrl("jdbc:mysql://db/app")).isTrue();
            assertThat(options.tools()).containsExactly("org.flywaydb.", "liquibase.");
            assertThat(options.dryRun()).isFalse();
            assertThat(options.settings()).isEmpty();
        }
    }

    @Test
    void driverSettingsAreWrittenWithOrWithoutTheirPrefix() {
        AgentOptions options = AgentOptions.parse("lockTimeout=2s,safemigrate.retry.maxAttempts=3,rewrite.minRows=1000");
        assertThat(options.settings()).containsEntry("safemigrate.lockTimeout", "2s")
                .containsEntry("safemigrate.retry.maxAttempts", "3")
                .containsEntry("safemigrate.rewrite.minRows", "1000")
                .hasSize(3);
    }

    @Test
    void dryRunIsADriverSettingTooWithOrWithoutThePrefix() {
        assertThat(AgentOptions.parse("dryRun=true").dryRun()).isTrue();
        assertThat(AgentOptions.parse("safemigrate.dryRun=true").dryRun()).isTrue();
        assertThat(AgentOptions.parse("dryRun=false").dryRun()).isFalse();
        assertThat(AgentOptions.parse("dryRun=true").settings()).containsEntry("safemigrate.dryRun", "true");
    }

    @Test
    void theAgentsLogKnowsADryRunAskedForWithASystemProperty() {
        String before = System.getProperty("safemigrate.dryRun");
        System.setProperty("safemigrate.dryRun", "true");
        try {
            assertThat(AgentOptions.parse("").dryRun()).isTrue();
            assertThat(AgentOptions.parse("dryRun=false").dryRun()).as("the agent's option ranks above").isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("safemigrate.dryRun");
            } else {
                System.setProperty("safemigrate.dryRun", before);
            }
        }
    }

    @Test
    void spacesAroundKeysAndValuesAndEmptyPairsAreIgnored() {
        AgentOptions options = AgentOptions.parse(" lockTimeout = 2s ,, when = migration-tool ,");
        assertThat(options.settings()).containsEntry("safemigrate.lockTimeout", "2s");
        assertThat(options.when()).isEqualTo(AgentOptions.When.MIGRATION_TOOL);
    }

    @Test
    void urlsIsARegularExpressionFoundAnywhereInTheUrl() {
        AgentOptions options = AgentOptions.parse("urls=^jdbc:postgresql://prod-db[0-9]*/");
        assertThat(options.selectsUrl("jdbc:postgresql://prod-db1/app")).isTrue();
        assertThat(options.selectsUrl("jdbc:postgresql://prod-db/app?ssl=true")).isTrue();
        assertThat(options.selectsUrl("jdbc:postgresql://staging/app")).isFalse();
        assertThat(options.selectsUrl("jdbc:mysql://prod-db1/app")).isFalse();

        assertThat(AgentOptions.parse("urls=/app$").selectsUrl("jdbc:mariadb://anywhere:3306/app")).isTrue();
        assertThat(AgentOptions.parse("urls=/app$").selectsUrl("jdbc:mariadb://anywhere:3306/app2")).isFalse();
    }

    @Test
    void aValueMayContainEqualsSignsButNoComma() {
        assertThat(AgentOptions.parse("urls=ssl=true").selectsUrl("jdbc:postgresql://db/app?ssl=true")).isTrue();
        // The comma always separates options: a pattern cannot contain one (see docs/agent.md, "Options"); use | instead.
        assertThatThrownBy(() -> AgentOptions.parse("urls=//(prod|staging)/,qa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'qa' is not key=value");
        assertThatThrownBy(() -> AgentOptions.parse("urls=db{1,2}"))
                .hasMessageContaining("urls=db{1 is not a regular expression");
    }

    @Test
    void whenAcceptsAlwaysAndMigrationToolInAnyCase() {
        assertThat(AgentOptions.parse("when=always").when()).isEqualTo(AgentOptions.When.ALWAYS);
        assertThat(AgentOptions.parse("when=migration-tool").when()).isEqualTo(AgentOptions.When.MIGRATION_TOOL);
        assertThat(AgentOptions.parse("when=Migration-Tool").when()).isEqualTo(AgentOptions.When.MIGRATION_TOOL);
    }

    @Test
    void toolsAreClassNamePrefixesSeparatedByBars() {
        assertThat(AgentOptions.parse("tools=com.acme.migrate.").tools()).containsExactly("com.acme.migrate.");
        assertThat(AgentOptions.parse("tools= org.flywaydb. | com.acme. ||").tools())
                .containsExactly("org.flywaydb.", "com.acme.");
        assertThat(AgentOptions.parse("tools=com.acme.").tools()).as("replaces the defaults, not added to them")
                .doesNotContain("org.flywaydb.", "liquibase.");
    }

    @Test
    void anOptionWithoutEqualsSignIsNamedWithTheFormToUse() {
        assertThatThrownBy(() -> AgentOptions.parse("lockTimeout=2s,dryrun"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'dryrun' is not key=value")
                .hasMessageContaining("-javaagent:safemigrate-agent.jar=key=value,key=value");
        assertThatThrownBy(() -> AgentOptions.parse("=2s"))
                .hasMessageContaining("option '=2s' is not key=value");
    }

    @Test
    void anUnknownWhenNamesTheOptionAndTheValuesItAccepts() {
        assertThatThrownBy(() -> AgentOptions.parse("when=sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("when=sometimes is not known")
                .hasMessageContaining("always or migration-tool");
    }

    @Test
    void emptyToolsNamesTheOptionAndShowsAnExample() {
        for (String empty : List.of("tools=", "tools=|", "tools= | ")) {
            assertThatThrownBy(() -> AgentOptions.parse(empty)).as(empty)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tools needs class name prefixes separated by |")
                    .hasMessageContaining("org.flywaydb.|liquibase.");
        }
    }

    @Test
    void aBadPatternNamesTheOptionAndWhatIsWrong() {
        assertThatThrownBy(() -> AgentOptions.parse("urls=jdbc:postgresql://(prod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urls=jdbc:postgresql://(prod is not a regular expression")
                .hasMessageContaining("Unclosed group");
    }

    @Test
    void driverSettingsAreValidatedWithTheDriversRulesAtStart() {
        assertThatThrownBy(() -> AgentOptions.parse("lockTimeout=fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad value 'fast' for setting 'safemigrate.lockTimeout' (agent option)")
                .hasMessageContaining("Allowed:");
        assertThatThrownBy(() -> AgentOptions.parse("safemigrate.lockTimeout=2h"))
                .as("the driver's range, 1ms to 1h")
                .hasMessageContaining("Bad value '2h' for setting 'safemigrate.lockTimeout' (agent option)");
        assertThatThrownBy(() -> AgentOptions.parse("retry.maxAttempts=0"))
                .hasMessageContaining("Bad value '0' for setting 'safemigrate.retry.maxAttempts' (agent option)");
        assertThatThrownBy(() -> AgentOptions.parse("dryRun=yes"))
                .hasMessageContaining("Bad value 'yes' for setting 'safemigrate.dryRun' (agent option)");
    }

    @Test
    void anUnknownKeyIsAnUnknownDriverSettingAndTheMessageListsTheAgentsOwnOptions() {
        assertThatThrownBy(() -> AgentOptions.parse("lockTimout=2s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown setting 'safemigrate.lockTimout' (agent option)")
                .hasMessageContaining("safemigrate.lockTimeout")
                .hasMessageContaining("urls=<regular expression>, when=always|migration-tool, tools=<class name prefix>|<prefix>");
        assertThatThrownBy(() -> AgentOptions.parse("url=^jdbc:mysql:"))
                .as("a misspelt option of the agent's own")
                .hasMessageContaining("Unknown setting 'safemigrate.url' (agent option)");
    }

    @Test
    void aBadSystemPropertyIsReportedAtStartTooNamingWhereItCameFrom() {
        String key = "safemigrate.retry.baseDelay";
        String before = System.getProperty(key);
        System.setProperty(key, "soon");
        try {
            assertThatThrownBy(() -> AgentOptions.parse("lockTimeout=2s"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Bad value 'soon' for setting '" + key + "' (system property)");
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
