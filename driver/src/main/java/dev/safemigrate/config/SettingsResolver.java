package dev.safemigrate.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a connection's settings from its four sources. Precedence, highest first:
 * <ol>
 *   <li>URL parameters ({@code ?safemigrate.lockTimeout=2s})</li>
 *   <li>connection {@code Properties} passed to {@code DriverManager.getConnection}</li>
 *   <li>options of the Java agent ({@code -javaagent:safemigrate-agent.jar=lockTimeout=2s}), agent only</li>
 *   <li>JVM system properties ({@code -Dsafemigrate.lockTimeout=2s})</li>
 *   <li>{@code safemigrate.properties} at the root of the class path</li>
 *   <li>the defaults in {@link Setting}</li>
 * </ol>
 * The most specific source wins: a URL is per data source, a system property per JVM.
 *
 * <p>An unknown {@code safemigrate.*} key refuses the connection — except among system properties, which
 * are shared with everything else in the JVM (a build passing {@code -Dsafemigrate.version=…} to its own
 * plugins must not break every connection): there it is logged once at WARN and ignored. A bad value for
 * a known key is refused from every source.
 */
public final class SettingsResolver {
    /** Name of the optional properties file looked up on the class path. */
    public static final String CLASSPATH_FILE = "safemigrate.properties";

    private static final Logger log = LoggerFactory.getLogger(SettingsResolver.class);
    /** Unknown system-property keys already warned about: once per JVM is enough. */
    private static final Set<String> WARNED_SYSTEM_KEYS = ConcurrentHashMap.newKeySet();

    private SettingsResolver() {
    }

    /**
     * @param urlParams {@code safemigrate.*} parameters taken from the URL
     * @param connectionProperties the caller's properties (other keys ignored)
     * @param systemProperties usually {@link System#getProperties()}
     * @param classpathFile contents of {@value #CLASSPATH_FILE}, empty when absent
     */
    public static Settings resolve(Map<String, String> urlParams, Properties connectionProperties,
                                   Properties systemProperties, Properties classpathFile) throws InvalidSettingException {
        return resolve(urlParams, connectionProperties, null, systemProperties, classpathFile);
    }

    /**
     * As above, with the options of the Java agent ({@code -javaagent:…=lockTimeout=2s}) between the
     * connection's properties and the system properties: they are written for this one JVM's tool.
     */
    public static Settings resolve(Map<String, String> urlParams, Properties connectionProperties,
                                   Properties agentOptions, Properties systemProperties, Properties classpathFile)
            throws InvalidSettingException {
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        // Lowest precedence first; later sources overwrite.
        apply(values, classpathFile, "class path file " + CLASSPATH_FILE, false);
        apply(values, systemProperties, "system property", true);
        apply(values, agentOptions, "agent option", false);
        apply(values, connectionProperties, "connection property", false);
        Properties fromUrl = new Properties();
        fromUrl.putAll(urlParams);
        apply(values, fromUrl, "URL parameter", false);
        return new Settings(values);
    }

    /** @param ignoreUnknownKeys true for system properties: unknown keys are warned about, not refused */
    private static void apply(Map<Setting, Object> values, Properties source, String where, boolean ignoreUnknownKeys)
            throws InvalidSettingException {
        if (source == null) {
            return;
        }
        for (String key : source.stringPropertyNames()) {
            if (!key.startsWith(Setting.PREFIX)) {
                continue;
            }
            Setting setting = Setting.forKey(key);
            if (setting == null && ignoreUnknownKeys) {
                if (WARNED_SYSTEM_KEYS.add(key)) {
                    log.warn("Ignoring system property '{}': not a safemigrate setting (known settings: {})", key,
                            knownKeys());
                }
                continue;
            }
            values.put(setting, parse(setting, key, source.getProperty(key), where));
        }
    }

    /**
     * Checks one {@code safemigrate.*} setting the way a connection would, for callers that read settings from
     * elsewhere (the Spring Boot starter, at start-up), and says where it came from in the message.
     *
     * @param key the key as the user wrote it, with the {@code safemigrate.} prefix
     * @param where where it was written, e.g. {@code "Spring property from application.yml"}
     * @throws InvalidSettingException with the message a connection would get: an unknown key, or a bad value
     */
    public static void check(String key, String value, String where) throws InvalidSettingException {
        parse(Setting.forKey(key), key, value, where);
    }

    private static Object parse(Setting setting, String key, String raw, String where) throws InvalidSettingException {
        if (setting == null) {
            throw new InvalidSettingException("Unknown setting '" + key + "' (" + where + "). Known settings: "
                    + knownKeys() + ".");
        }
        try {
            return setting.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("Bad value '" + raw + "' for setting '" + key + "' (" + where + "): "
                    + e.getMessage() + ". Allowed: " + setting.allowedValues() + ".");
        }
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.key());
        }
        return sb.toString();
    }

    /**
     * Reads {@value #CLASSPATH_FILE} through the context class loader, then through the driver's own.
     * Returns empty properties when there is none.
     */
    public static Properties loadClasspathFile() throws InvalidSettingException {
        Properties p = new Properties();
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), SettingsResolver.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_FILE)) {
                if (in != null) {
                    p.load(in);
                    return p;
                }
            } catch (IOException e) {
                throw new InvalidSettingException("Cannot read " + CLASSPATH_FILE + " from the class path: " + e.getMessage());
            }
        }
        return p;
    }
}
