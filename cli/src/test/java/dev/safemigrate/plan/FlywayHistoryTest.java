package dev.safemigrate.plan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway's checksum as {@link FlywayHistory} computes it: CRC-32 of the lines without their ends, without a byte
 * order mark (PlanFlywayHistoryTest checks it against the checksum real Flyway stored).
 */
class FlywayHistoryTest {
    @Test
    void theChecksumIsTheCrcOfTheLinesWithoutTheirEnds() {
        CRC32 crc = new CRC32();
        crc.update("SELECT 1;".getBytes(StandardCharsets.UTF_8));
        crc.update("SELECT 2;".getBytes(StandardCharsets.UTF_8));

        assertThat(FlywayHistory.checksum("SELECT 1;\nSELECT 2;\n")).isEqualTo((int) crc.getValue());
    }

    @Test
    void lineEndsAndAByteOrderMarkDoNotChangeIt() {
        int lf = FlywayHistory.checksum("SELECT 1;\nSELECT 2;\n");

        assertThat(FlywayHistory.checksum("SELECT 1;\r\nSELECT 2;\r\n")).isEqualTo(lf);
        assertThat(FlywayHistory.checksum("\uFEFFSELECT 1;\nSELECT 2;")).isEqualTo(lf);
        assertThat(FlywayHistory.checksum("SELECT 1;\nSELECT 3;\n")).isNotEqualTo(lf);
    }
}
