package dev.safemigrate.agent;

import dev.safemigrate.config.InvalidSettingException;
import dev.safemigrate.config.Setting;
import dev.safemigrate.config.SettingsResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's options: {@code -javaagent:safemigrate-agent.jar=key=value,key=value}. Keys of its own
 * choose the connections; every other key is a driver setting, written with or without the
 * {@code safemigrate.} prefix ({@code lockTimeout=2s}, {@code dryRun=true}). A mistake stops the JVM at
 * start-up: a migration that runs unprotected because of a typo is worse than one that does not start.
 */
final class AgentOptions {
    /** Which callers' connections are wrapped. */
    enum When {
        /** Every connection to a supported database that the URL pattern selects. */
        ALWAYS,
        /** Only connections opened while a migration tool (see {@code tools}) is on the calling stack. */
        MIGRATION_TOOL
    }

    static final String URLS = "urls";
    static final String WHEN = "when";
    static final String TOOLS = "tools";
    static final List<String> DEFAULT_TOOLS = List.of("org.flywaydb.", "liquibase.");

    private final Pattern urls;
    private final When when;
    private final List<String> tools;
    private final Properties settings;

    private AgentOptions(Pattern urls, When when, List<String> tools, Properties settings) {
        this.urls = urls;
        this.when = when;
        this.tools = List.copyOf(tools);
        this.settings = settings;
    }

    /**
     * @param args the text after {@code =} in {@code -javaagent:…=}, or null
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    static AgentOptions parse(String args) {
        Pattern urls = null;
        When when = When.ALWAYS;
        List<String> tools = DEFAULT_TOOLS;
        Properties settings = new Properties();
        if (args != null && !args.isBlank()) {
            for (String pair : args.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("safemigrate agent: option '" + pair + "' is not key=value;"
                            + " write -javaagent:safemigrate-agent.jar=key=value,key=value");
                }
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                switch (key) {
                    case URLS -> urls = pattern(value);
                    case WHEN -> when = when(value);
                    case TOOLS -> tools = tools(value);
                    default -> settings.setProperty(key.startsWith(Setting.PREFIX) ? key : Setting.PREFIX + key, value);
                }
            }
        }
        try {
            // Check the driver settings now, with the other sources they combine with, not at the first connection.
            SettingsResolver.resolve(Map.of(), null, settings, System.getProperties(), SettingsResolver.loadClasspathFile());
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException("safemigrate agent: " + e.getMessage() + " Agent options of its own: "
                    + URLS + "=<regular expression>, " + WHEN + "=always|migration-tool, " + TOOLS
                    + "=<class name prefix>|<prefix>….", e);
        }
        return new AgentOptions(urls, when, tools, settings);
    }

    private static Pattern pattern(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("safemigrate agent: " + URLS + "=" + value
                    + " is not a regular expression: " + e.getDescription(), e);
        }
    }

    private static When when(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "always" -> When.ALWAYS;
            case "migration-tool" -> When.MIGRATION_TOOL;
            default -> throw new IllegalArgumentException("safemigrate agent: " + WHEN + "=" + value
                    + " is not known; use always or migration-tool");
        };
    }

    private static List<String> tools(String value) {
        List<String> prefixes = new ArrayList<>();
        for (String prefix : value.split("\\|")) {
            if (!prefix.isBlank()) {
                prefixes.add(prefix.trim());
            }
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("safemigrate agent: " + TOOLS
                    + " needs class name prefixes separated by |, e.g. org.flywaydb.|liquibase.");
        }
        return prefixes;
    }

    /** Whether {@code jdbcUrl} is selected by the {@code urls} pattern (all are when none was given). */
    boolean selectsUrl(String jdbcUrl) {
        return urls == null || urls.matcher(jdbcUrl).find();
    }

    When when() {
        return when;
    }

    List<String> tools() {
        return tools;
    }

    /**
     * Whether connections will dry-run, for the agent's own log lines: the agent option, else the
     * {@code -Dsafemigrate.dryRun} system property (a connection's URL or properties may still say otherwise).
     */
    boolean dryRun() {
        String key = Setting.PREFIX + "dryRun";
        String value = settings.getProperty(key, System.getProperty(key, "false"));
        return Boolean.parseBoolean(value.trim());
    }

    /** Driver settings given as agent options, with the {@code safemigrate.} prefix. */
    Properties settings() {
        return settings;
    }
}
