package dev.safemigrate.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationEstimateTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aRewriteOfTenGigabytesTakesMinutesAndAConcurrentBuildScansTwice() {
        TableSize size = new TableSize("public.t", 10 * GB, 8 * GB, 50_000_000);

        assertThat(DurationEstimate.format(DurationEstimate.seconds(Work.REWRITE, size, false))).isEqualTo("~3 min");
        double plain = DurationEstimate.seconds(Work.INDEX_BUILD, size, false);
        assertThat(DurationEstimate.seconds(Work.INDEX_BUILD, size, true)).isEqualTo(2 * plain);
        assertThat(DurationEstimate.format(DurationEstimate.seconds(Work.ROWS, size, false))).isEqualTo("~42 min");
    }

    @Test
    void catalogChangesAndUnknownSizesHaveNoEstimate() {
        assertThat(DurationEstimate.seconds(Work.CATALOG, new TableSize("t", GB, GB, 1), false)).isNegative();
        assertThat(DurationEstimate.format(DurationEstimate.seconds(Work.SCAN, null, false))).isNull();
        assertThat(DurationEstimate.format(0.2)).isEqualTo("< 1 s");
        assertThat(DurationEstimate.format(3 * 3600)).isEqualTo("~3.0 h");
    }
}
