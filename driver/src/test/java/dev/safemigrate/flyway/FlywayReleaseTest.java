package dev.safemigrate.flyway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlywayReleaseTest {
    @Test
    void theBuildsFlywayIsSupported() {
        assertThat(FlywayRelease.version()).matches("\\d+\\.\\d+.*");
        assertThat(FlywayRelease.supported()).isTrue();
    }

    @Test
    void olderMajorsAreNotAndUnreadableVersionsAre() {
        assertThat(FlywayRelease.supported("11.7.2")).as("Spring Boot 3.5's").isFalse();
        assertThat(FlywayRelease.supported("12.4.0")).isFalse();
        assertThat(FlywayRelease.supported("13.0.0")).isTrue();
        assertThat(FlywayRelease.supported("14.1.0-beta")).isTrue();
        assertThat(FlywayRelease.supported((String) null)).isTrue();
        assertThat(FlywayRelease.supported("unknown")).isTrue();
    }
}
