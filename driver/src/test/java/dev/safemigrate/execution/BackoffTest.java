package dev.safemigrate.execution;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    @Test
    void theCeilingDoublesFromTheBaseUpToTheCap() {
        assertThat(backoff.ceilingMillis(1)).isEqualTo(250);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(500);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(7)).isEqualTo(16_000);
        assertThat(backoff.ceilingMillis(8)).isEqualTo(30_000);
        assertThat(backoff.ceilingMillis(1000)).isEqualTo(30_000);
    }

    @RepeatedTest(20)
    void theWaitIsRandomBelowTheCeiling() {
        for (int retry = 1; retry < 12; retry++) {
            assertThat(backoff.delayMillis(retry)).isBetween(0L, backoff.ceilingMillis(retry));
        }
    }

    @Test
    void jitterSpreadsTheWaits() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long d = backoff.delayMillis(5);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).as("full jitter, not a fixed delay").isGreaterThan(1000);
    }

    @Test
    void aZeroBaseMeansNoWait() {
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO).delayMillis(3)).isZero();
    }
}
