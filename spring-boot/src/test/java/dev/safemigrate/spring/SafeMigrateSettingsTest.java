package dev.safemigrate.spring;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.config.Setting;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeMigrateSettingsTest {

    private static StandardEnvironment environment(Map<String, Object> application) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("application", application));
        return env;
    }

    @Test
    void relaxedSpellingsBindToTheDriversKeys() throws Exception {
        StandardEnvironment env = environment(Map.of(
                "safemigrate.lockTimeout", "2s",
                "safemigrate.lock-timeout.first", "20ms",
                "safemigrate.batch.min-rows", "0",
                "safemigrate.policy.dropTable", "refuse"));
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SAFEMIGRATE_RETRY_MAXATTEMPTS", "3")));

        assertThat(SafeMigrateSettings.from(env).asProperties()).containsOnly(
                Map.entry("safemigrate.lockTimeout", "2s"),
                Map.entry("safemigrate.lockTimeout.first", "20ms"),
                Map.entry("safemigrate.batch.minRows", "0"),
                Map.entry("safemigrate.policy.dropTable", "refuse"),
                Map.entry("safemigrate.retry.maxAttempts", "3"));
    }

    private static StandardEnvironment yaml(String resource) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml", new ClassPathResource(resource))) {
            env.getPropertySources().addLast(source);
        }
        return env;
    }

    @Test
    void anApplicationYmlWithNestedAndDottedKeys() throws Exception {
        assertThat(SafeMigrateSettings.from(yaml("settings/good.yml")).asProperties()).containsOnly(
                Map.entry("safemigrate.lockTimeout", "2s"),
                Map.entry("safemigrate.lockTimeout.first", "20ms"),
                Map.entry("safemigrate.batch", "true"),
                Map.entry("safemigrate.batch.maxSize", "5000"),
                Map.entry("safemigrate.policy.dropColumn", "refuse"));
    }

    @Test
    void aBadValueInApplicationYmlIsReportedWithItsLine() {
        assertThatThrownBy(() -> SafeMigrateSettings.from(yaml("settings/bad.yml")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Bad value 'soon' for setting 'safemigrate.lockTimeout' (Spring property"
                        + " safemigrate.lock-timeout from class path resource [settings/bad.yml] - 4:17): ");
    }

    @Test
    void placeholdersAreResolvedBeforeTheCheck() throws Exception {
        StandardEnvironment env = environment(Map.of("safemigrate.lockTimeout", "${migration.lock:3s}"));
        assertThat(SafeMigrateSettings.from(env).asProperties()).containsEntry("safemigrate.lockTimeout", "3s");
    }

    @Test
    void aBadValueIsRefusedWithTheDriversMessageAndWhereSpringFoundIt() {
        StandardEnvironment env = environment(Map.of("safemigrate.lock-timeout", "banana"));
        assertThatThrownBy(() -> SafeMigrateSettings.from(env))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Bad value 'banana' for setting 'safemigrate.lockTimeout' (Spring property"
                        + " safemigrate.lock-timeout")
                .hasMessageContaining("Allowed: " + Setting.LOCK_TIMEOUT.allowedValues())
                .satisfies(e -> assertThat(((InvalidSettingException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void anUnknownKeyInTheApplicationsConfigurationIsRefused() {
        StandardEnvironment env = environment(Map.of("safemigrate.lockTimout", "2s"));
        assertThatThrownBy(() -> SafeMigrateSettings.from(env))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Unknown setting 'safemigrate.locktimout'")
                .hasMessageContaining("Known settings: safemigrate.enabled, safemigrate.dryRun");
    }

    @Test
    void unknownKeysAmongEnvironmentVariablesAndSystemPropertiesAreLeftAlone() throws Exception {
        StandardEnvironment env = environment(Map.of());
        // CI exports SAFEMIGRATE_TEST_PG_URL for the integration tests: not a setting, and not the application's
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("SAFEMIGRATE_TEST_PG_URL", "x")));
        env.getPropertySources().addFirst(new MapPropertySource(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of("safemigrate.version", "1")));
        assertThat(SafeMigrateSettings.from(env).asProperties()).isEmpty();
    }

    @Test
    void canonicalNamesAreKebabCase() {
        assertThat(SafeMigrateSettings.kebabCase("safemigrate.lockTimeout.first")).isEqualTo("safemigrate.lock-timeout.first");
        assertThat(SafeMigrateSettings.knownNames()).hasSize(Setting.values().length);
    }
}
