package dev.safemigrate.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsResolverTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        Settings s = SettingsResolver.resolve(Map.of(), props(), props(), props());
        assertThat(s.enabled()).isTrue();
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.ddlStatementTimeout()).isEqualTo(Duration.ZERO);
        assertThat(s.retryMaxAttempts()).isEqualTo(10);
        assertThat(s.retryBaseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.retryMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.journalLimit()).isEqualTo(1000);
        assertThat(s.cacheSize()).isEqualTo(10_000);
    }

    @Test
    void urlBeatsPropertiesBeatsSystemPropertiesBeatsTheClasspathFile() throws Exception {
        String key = "safemigrate.lockTimeout";
        Properties file = props(key, "4s", "safemigrate.retry.maxAttempts", "4");
        Properties system = props(key, "3s", "safemigrate.retry.baseDelay", "3ms");
        Properties connection = props(key, "2s", "safemigrate.retry.maxDelay", "2m");
        Settings s = SettingsResolver.resolve(Map.of(key, "1500ms"), connection, system, file);
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.retryMaxDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.retryBaseDelay()).isEqualTo(Duration.ofMillis(3));
        assertThat(s.retryMaxAttempts()).isEqualTo(4);

        assertThat(SettingsResolver.resolve(Map.of(), connection, system, file).lockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(SettingsResolver.resolve(Map.of(), props(), system, file).lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(SettingsResolver.resolve(Map.of(), props(), props(), file).lockTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void agentOptionsSitBetweenConnectionPropertiesAndSystemProperties() throws Exception {
        String key = "safemigrate.lockTimeout";
        Properties agent = props(key, "700ms", "safemigrate.dryRun", "true");
        Settings overSystem = SettingsResolver.resolve(Map.of(), props(), agent, props(key, "3s"), props());
        assertThat(overSystem.lockTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(overSystem.dryRun()).isTrue();
        assertThat(SettingsResolver.resolve(Map.of(), props(key, "2s"), agent, props(), props()).lockTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props(), props("safemigrate.lockTimout", "1s"),
                props(), props())).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'safemigrate.lockTimout' (agent option)");
        assertThat(SettingsResolver.resolve(Map.of(), props(), props(), props()).dryRun()).as("off by default").isFalse();
    }

    @Test
    void anUnknownKeyNamesItselfAndTheKnownKeys() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.lockTimout", "1s"), props(), props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Unknown setting 'safemigrate.lockTimout' (URL parameter)")
                .hasMessageContaining("safemigrate.lockTimeout")
                .satisfies(e -> assertThat(((InvalidSettingException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void anUnknownSystemPropertyIsIgnoredButABadValueForAKnownOneIsNot() throws Exception {
        // System properties are the whole JVM's: a build's own -Dsafemigrate.version must not break connections.
        Settings settings = SettingsResolver.resolve(Map.of(), props(),
                props("safemigrate.version", "1.2.3", "safemigrate.lockTimeout", "3s"), props());
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props(), props("safemigrate.lockTimeout", "soon"),
                props())).isInstanceOf(InvalidSettingException.class).hasMessageContaining("(system property)");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props("safemigrate.version", "1"), props(), props()))
                .as("everywhere else an unknown key is refused").hasMessageContaining("Unknown setting 'safemigrate.version'");
    }

    @Test
    void aBadValueNamesTheKeyTheSourceAndWhatIsAllowed() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props("safemigrate.lockTimeout", "soon"), props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'soon'")
                .hasMessageContaining("'safemigrate.lockTimeout' (connection property)")
                .hasMessageContaining("Allowed: a duration from 1ms to 1h");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props(), props("safemigrate.lockTimeout", "0"), props()))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), props(), props(), props("safemigrate.retry.maxAttempts", "0")))
                .hasMessageContaining("class path file safemigrate.properties")
                .hasMessageContaining("an integer from 1 to 1000");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.enabled", "yes"), props(), props(), props()))
                .hasMessageContaining("true | false");
    }

    @Test
    void otherKeysAreNotOurs() throws Exception {
        Settings s = SettingsResolver.resolve(Map.of(), props("user", "app", "password", "secret", "safemigrateX", "1"),
                props("java.version", "17"), props());
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theSettingsTableCoversEveryKeyOnce() {
        assertThat(Setting.values()).extracting(Setting::key).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).startsWith("safemigrate."));
        for (Setting s : Setting.values()) {
            assertThat(Setting.forKey(s.key())).isSameAs(s);
            s.parse(s.defaultValue()); // every default is valid
        }
    }

    @Test
    void policiesHaveTheirDefaultsAndTheGlobalOverrideYieldsToAnOperationsOwnKey() throws Exception {
        Settings defaults = SettingsResolver.resolve(Map.of(), props(), props(), props());
        assertThat(defaults.policy(Setting.POLICY_DROP_TABLE)).isEqualTo(Policy.WARN);
        assertThat(defaults.policy(Setting.POLICY_RENAME_COLUMN)).isEqualTo(Policy.WARN);
        assertThat(defaults.policy(Setting.POLICY_TRUNCATE)).isEqualTo(Policy.WARN);
        assertThat(defaults.policy(Setting.POLICY_VACUUM_FULL)).isEqualTo(Policy.REFUSE);
        assertThat(defaults.policy(Setting.POLICY_ALTER_COLUMN_TYPE)).isEqualTo(Policy.REFUSE);

        // policy.default from the URL loses to an operation's own key even from the class path file
        Settings s = SettingsResolver.resolve(Map.of("safemigrate.policy.default", "refuse"), props(), props(),
                props("safemigrate.policy.dropColumn", "warn"));
        assertThat(s.policy(Setting.POLICY_DROP_TABLE)).isEqualTo(Policy.REFUSE);
        assertThat(s.policy(Setting.POLICY_DROP_COLUMN)).isEqualTo(Policy.WARN);

        Settings warnAll = SettingsResolver.resolve(Map.of(), props("safemigrate.policy.default", "WARN"), props(), props());
        assertThat(warnAll.policy(Setting.POLICY_VACUUM_FULL)).isEqualTo(Policy.WARN);
        assertThatThrownBy(() -> warnAll.policy(Setting.LOCK_TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadPolicyNamesTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.policy.dropTable", "allow"), props(),
                props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("safemigrate.policy.dropTable").hasMessageContaining("warn | refuse");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.policy.default", "no"), props(),
                props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("safemigrate.policy.default").hasMessageContaining("builtin | warn | refuse");
    }

    @Test
    void onlineIsAPolicyForCopyingAltersAndTypeChangesOnly() throws Exception {
        Settings online = SettingsResolver.resolve(Map.of("safemigrate.policy.copyingAlter", "online",
                "safemigrate.policy.alterColumnType", "ONLINE"), props(), props(), props());
        assertThat(online.policy(Setting.POLICY_COPYING_ALTER)).isEqualTo(Policy.ONLINE);
        assertThat(online.policy(Setting.POLICY_ALTER_COLUMN_TYPE)).isEqualTo(Policy.ONLINE);
        assertThat(SettingsResolver.resolve(Map.of("safemigrate.policy.alterColumnType", "expand"), props(), props(),
                props()).policy(Setting.POLICY_ALTER_COLUMN_TYPE)).as("still expandable").isEqualTo(Policy.EXPAND);

        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.policy.copyingAlter", "expand"), props(),
                props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("safemigrate.policy.copyingAlter").hasMessageContaining("warn | refuse | online");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.policy.dropTable", "online"), props(),
                props(), props())).as("not every operation").isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.policy.default", "online"), props(),
                props(), props())).as("nor the default").isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void theOnlineCopyKeepsOrDropsTheOldTable() throws Exception {
        Settings defaults = SettingsResolver.resolve(Map.of(), props(), props(), props());
        assertThat(defaults.onlineCopyDropsOldTable()).as("kept by default").isFalse();
        assertThat(defaults.onlineCopyJournalTable()).isEqualTo("safemigrate_online_copy");
        assertThat(SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.oldTable", "drop"), props(), props(),
                props()).onlineCopyDropsOldTable()).isTrue();
        assertThat(SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.oldTable", "KEEP"), props(), props(),
                props()).onlineCopyDropsOldTable()).isFalse();
        assertThat(SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.oldTable", "DROP"), props(), props(),
                props()).onlineCopyDropsOldTable()).as("case-insensitive like every choice").isTrue();
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.oldTable", "rename"), props(),
                props(), props()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("safemigrate.onlineCopy.oldTable").hasMessageContaining("keep | drop");
        assertThat(SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.journalTable", "ops.copies"), props(),
                props(), props()).onlineCopyJournalTable()).isEqualTo("ops.copies");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of("safemigrate.onlineCopy.journalTable", "x; drop"),
                props(), props(), props())).isInstanceOf(InvalidSettingException.class);
    }
}
