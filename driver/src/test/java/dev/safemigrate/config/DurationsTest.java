package dev.safemigrate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    private static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            250,    250
            250ms,  250
            2s,     2000
            ' 3S ', 3000
            2m,     120000
            1h,     3600000
            1d,     86400000
            """)
    void unitsAndBareMilliseconds(String text, long millis) {
        assertThat(Durations.parse(text, Duration.ZERO, DAY)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void badTextAndOutOfRangeSayWhich() {
        assertThatThrownBy(() -> Durations.parse("soon", Duration.ZERO, DAY)).hasMessage("not a duration");
        assertThatThrownBy(() -> Durations.parse("1.5s", Duration.ZERO, DAY)).hasMessage("not a duration");
        assertThatThrownBy(() -> Durations.parse("2d", Duration.ZERO, DAY)).hasMessage("out of range");
        assertThatThrownBy(() -> Durations.parse("5ms", Duration.ofMillis(10), DAY)).hasMessage("out of range");
        // a number that would overflow when multiplied is out of range, not a small duration
        assertThatThrownBy(() -> Durations.parse(Long.MAX_VALUE / 1000 + "d", Duration.ZERO, DAY))
                .hasMessage("out of range");
    }
}
