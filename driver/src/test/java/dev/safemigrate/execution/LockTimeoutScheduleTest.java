package dev.safemigrate.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LockTimeoutScheduleTest {

    @Test
    void theFirstAttemptWaitsTheShortTimeoutAndEachRetryDoublesItUpToLockTimeout() {
        LockTimeoutSchedule s = new LockTimeoutSchedule(Duration.ofMillis(50), Duration.ofSeconds(1));
        assertThat(s.forAttempt(1)).hasMillis(50);
        assertThat(s.forAttempt(2)).hasMillis(100);
        assertThat(s.forAttempt(5)).hasMillis(800);
        assertThat(s.forAttempt(6)).hasMillis(1000);
        assertThat(s.forAttempt(1000)).hasMillis(1000);
    }

    @Test
    void offIsTheFixedTimeout() {
        LockTimeoutSchedule s = new LockTimeoutSchedule(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(s.forAttempt(1)).hasMillis(1000);
        assertThat(s.forAttempt(3)).hasMillis(1000);
    }

    @Test
    void aFirstTimeoutAtOrAboveLockTimeoutIsTheFixedTimeoutOfBefore() {
        LockTimeoutSchedule s = new LockTimeoutSchedule(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(s.forAttempt(1)).hasMillis(1000);
        assertThat(s.forAttempt(7)).hasMillis(1000);
    }
}
