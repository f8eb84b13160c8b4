package dev.safemigrate.rules.postgres.expand;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CopyNamesTest {

    @Test
    void theColumnsNameIsReplacedInTheOriginalsNameOrTheNewNameAppended() {
        assertThat(CopyNames.copyOf("users_name_idx", "name", "full_name", 0)).isEqualTo("users_full_name_idx");
        assertThat(CopyNames.copyOf("by_label", "name", "full_name", 0)).isEqualTo("by_label_full_name");
        assertThat(CopyNames.copyOf("users_name_idx", "name", "full_name", 2)).isEqualTo("users_full_name_idx_sm2");
    }

    @Test
    void namesStayWithinWhatPostgresKeepsAndTheSuffixSurvives() {
        String copy = CopyNames.copyOf("x".repeat(60), "name", "é".repeat(10), 1);
        assertThat(copy.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(copy).endsWith("_sm1");
    }

    @Test
    void theHashIsStableAndTellsExpansionsApart() {
        assertThat(CopyNames.hash("app", "users", "name", "full_name"))
                .isEqualTo(CopyNames.hash("app", "users", "name", "full_name"))
                .hasSize(10)
                .isNotEqualTo(CopyNames.hash("app", "users", "name", "fullname"));
        assertThat(CopyNames.hash("a", "bc")).isNotEqualTo(CopyNames.hash("ab", "c"));
    }
}
