package dev.safemigrate.spring;

import dev.safemigrate.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code META-INF/spring-configuration-metadata.json} is what IDEs read to complete and document
 * {@code safemigrate.*} keys in application.yml. It is written from the driver's {@link Setting} list, so that
 * it cannot drift: this test fails when a setting is added, removed or re-described without it.
 * {@code -Dmetadata.write=true} rewrites the file.
 */
class ConfigurationMetadataTest {
    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

    @Test
    void theMetadataListsEverySettingAsTheDriverDescribesIt() throws IOException {
        String expected = metadata();
        if (Boolean.getBoolean("metadata.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("%s is out of date: run the spring-boot module's tests with -Dmetadata.write=true", FILE)
                .isEqualTo(expected);
    }

    static String metadata() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"groups\": [\n    {\n      \"name\": \"safemigrate\",\n")
                .append("      \"description\": ").append(quote("safemigrate's settings for the migrations Flyway and"
                        + " Liquibase run at start-up (docs/settings.md)."))
                .append("\n    }\n  ],\n  \"properties\": [\n");
        boolean first = true;
        for (Map.Entry<org.springframework.boot.context.properties.source.ConfigurationPropertyName, Setting> e
                : SafeMigrateSettings.knownNames().entrySet()) {
            Setting s = e.getValue();
            json.append(first ? "" : ",\n").append("    {\n")
                    .append("      \"name\": ").append(quote(e.getKey().toString())).append(",\n")
                    .append("      \"type\": \"java.lang.String\",\n")
                    .append("      \"description\": ").append(quote(s.description() + " Allowed: " + s.allowedValues() + "."))
                    .append(",\n")
                    .append("      \"defaultValue\": ").append(quote(s.defaultValue())).append("\n    }");
            first = false;
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
