package dev.safemigrate.spring;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.config.Setting;
import dev.safemigrate.config.SettingsResolver;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The driver's {@code safemigrate.*} settings as the application wrote them: {@code application.yml} or
 * {@code .properties}, profiles, command-line arguments, environment variables, with Spring's relaxed names
 * ({@code safemigrate.lockTimeout}, {@code safemigrate.lock-timeout}, {@code SAFEMIGRATE_LOCKTIMEOUT}).
 *
 * <p>Every value is checked when the application starts, with the message a connection would get, plus where
 * Spring found it; an unknown {@code safemigrate.*} key in the application's own configuration is refused the
 * same way. Unknown keys among system properties and environment variables are left alone: those are shared with
 * everything else in the JVM and the shell (the driver, reading system properties itself, only warns about them).
 *
 * <p>The driver's own sources still apply beneath these: JVM system properties and {@code safemigrate.properties}
 * on the class path. These settings take the place of connection properties, above both.
 */
public final class SafeMigrateSettings {
    static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("safemigrate");

    private final Properties properties;

    private SafeMigrateSettings(Properties properties) {
        this.properties = properties;
    }

    /**
     * Reads and checks the settings in {@code environment}.
     *
     * @throws InvalidSettingException naming the key, where Spring found it and what it accepts
     */
    public static SafeMigrateSettings from(Environment environment) throws InvalidSettingException {
        Map<ConfigurationPropertyName, Setting> known = knownNames();
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        refuseUnknownKeys(sources, known);
        Binder binder = Binder.get(environment);
        Properties properties = new Properties();
        for (Map.Entry<ConfigurationPropertyName, Setting> entry : known.entrySet()) {
            String value = binder.bind(entry.getKey(), Bindable.of(String.class)).orElse(null);
            if (value != null) {
                SettingsResolver.check(entry.getValue().key(), value, where(sources, entry.getKey()));
                properties.setProperty(entry.getValue().key(), value);
            }
        }
        // All sources together, as a connection will see them (system properties, safemigrate.properties)
        SettingsResolver.resolve(Map.of(), properties, System.getProperties(), SettingsResolver.loadClasspathFile());
        return new SafeMigrateSettings(properties);
    }

    /** The settings as connection properties ({@code safemigrate.lockTimeout=2s}, …): a copy. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * Each setting's name in Spring's canonical form: {@code safemigrate.lockTimeout.first} is
     * {@code safemigrate.lock-timeout.first}, which Spring matches to every relaxed spelling.
     */
    static Map<ConfigurationPropertyName, Setting> knownNames() {
        Map<ConfigurationPropertyName, Setting> names = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            names.put(ConfigurationPropertyName.of(kebabCase(setting.key())), setting);
        }
        return names;
    }

    static String kebabCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void refuseUnknownKeys(Iterable<ConfigurationPropertySource> sources,
                                          Map<ConfigurationPropertyName, Setting> known) throws InvalidSettingException {
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || sharedWithTheJvm(source)) {
                continue;
            }
            for (ConfigurationPropertyName name : (Iterable<ConfigurationPropertyName>) iterable.stream()::iterator) {
                if (PREFIX.isAncestorOf(name) && !known.containsKey(name)) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    SettingsResolver.check(name.toString(), String.valueOf(property.getValue()),
                            describe(property));
                }
            }
        }
    }

    /** System properties and environment variables: not the application's own configuration. */
    private static boolean sharedWithTheJvm(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                || source.getUnderlyingSource() instanceof PropertySource<?> ps
                && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(ps.getName());
    }

    /** Where the winning value of {@code name} was written, for the message. */
    private static String where(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return describe(property);
            }
        }
        return "Spring property";
    }

    private static String describe(ConfigurationProperty property) {
        return "Spring property " + property.getName()
                + (property.getOrigin() != null ? " from " + property.getOrigin() : "");
    }
}
