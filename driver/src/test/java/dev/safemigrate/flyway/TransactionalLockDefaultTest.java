package dev.safemigrate.flyway;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@code flyway.postgresql.transactional.lock} the plugin keeps, on real Flyway configuration objects
 * (nothing connects): the user's value is kept however it was given, Flyway's own default is turned off
 * — including the explicit {@code true} Flyway's copy writes in when it is configured from properties,
 * as its Maven plugin always is.
 */
class TransactionalLockDefaultTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/never_connected";
    private static final String KEY = "flyway.postgresql.transactional.lock";

    private static Map<String, String> properties(String lock) {
        Map<String, String> properties = new HashMap<>(Map.of("flyway.url", URL, "flyway.user", "app",
                "flyway.locations", "filesystem:/nonexistent"));
        if (lock != null) {
            properties.put(KEY, lock);
        }
        return properties;
    }

    private static PostgreSQLConfigurationExtension postgres(Configuration configuration) {
        return configuration.getPluginRegister().getExact(PostgreSQLConfigurationExtension.class);
    }

    /** What the plugin leaves in Flyway's configuration: applied as createDatabase applies it. */
    private static boolean lockAfterPlugin(Configuration loaded) {
        TransactionalLockDefault.applyTo(loaded);
        return postgres(loaded).isTransactionalLock();
    }

    @Test
    void flywaysCopyOfAPropertiesConfigurationWritesTheDefaultInExplicitly() {
        // The premise of TransactionalLockIntent: if Flyway stops doing this, the intent is no longer needed.
        Configuration loaded = Flyway.configure().configuration(properties(null)).load().getConfiguration();
        assertThat(postgres(loaded).getTransactional()).as("set by Flyway's Jackson copy, not by anyone").isNotNull();
        assertThat(postgres(loaded).getTransactional().getLock()).isTrue();
    }

    @Test
    void propertiesThatDoNotNameTheSettingGetTheSafeDefault() {
        Configuration loaded = Flyway.configure().configuration(properties(null)).load().getConfiguration();
        assertThat(lockAfterPlugin(loaded)).isFalse();
    }

    @Test
    void propertiesThatSetItTrueAreKept() {
        Configuration loaded = Flyway.configure().configuration(properties("true")).load().getConfiguration();
        assertThat(lockAfterPlugin(loaded)).isTrue();
    }

    @Test
    void propertiesThatSetItFalseAreKept() {
        Configuration loaded = Flyway.configure().configuration(properties("false")).load().getConfiguration();
        assertThat(lockAfterPlugin(loaded)).isFalse();
    }

    @Test
    void theJavaApiWithoutTheSettingGetsTheSafeDefault() {
        Configuration loaded = Flyway.configure().dataSource(URL, "app", "").load().getConfiguration();
        assertThat(lockAfterPlugin(loaded)).isFalse();
    }

    @Test
    void theJavaApiSetterIsKept() {
        FluentConfiguration fluent = Flyway.configure().dataSource(URL, "app", "");
        postgres(fluent).setTransactionalLock(true);
        assertThat(lockAfterPlugin(fluent.load().getConfiguration())).isTrue();
    }

    @Test
    void aConfigurationCopiedAgainKeepsTheUsersValue() {
        // Flyway copies configurations again later (environments, callbacks): the intent must travel along.
        Configuration loaded = Flyway.configure().configuration(properties("true")).load().getConfiguration();
        Configuration again = Flyway.configure().configuration(loaded).load().getConfiguration();
        assertThat(lockAfterPlugin(again)).isTrue();
        Configuration unset = Flyway.configure().configuration(properties(null)).load().getConfiguration();
        Configuration unsetAgain = Flyway.configure().configuration(unset).load().getConfiguration();
        assertThat(lockAfterPlugin(unsetAgain)).isFalse();
    }

    @Test
    void aValueFromTheEnvironmentRouteIsSeenLikeAnyProperty() {
        // FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK reaches the extensions as this property (ConfigUtils maps it).
        Map<String, String> fromEnvironment = properties(null);
        fromEnvironment.put(KEY, "TRUE");
        Configuration loaded = Flyway.configure().configuration(fromEnvironment).load().getConfiguration();
        assertThat(lockAfterPlugin(loaded)).isTrue();
    }
}
