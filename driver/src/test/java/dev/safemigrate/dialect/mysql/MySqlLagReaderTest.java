package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.Reading;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How SHOW REPLICA STATUS rows are read (replicas are absent in the integration tests). */
class MySqlLagReaderTest {

    @Test
    void noRowsMeansThisIsNotAReplica() {
        Reading r = MySqlLagReader.interpret(List.of());
        assertThat(r.readable()).isFalse();
        assertThat(r.problem()).isEqualTo(MySqlLagReader.NOT_A_REPLICA);
    }

    @Test
    void theLargestChannelLagWins() {
        assertThat(MySqlLagReader.interpret(List.of(3L, 12L, 0L))).isEqualTo(Reading.of(12));
    }

    @Test
    void stoppedReplicationIsUnreadable() {
        Reading r = MySqlLagReader.interpret(Arrays.asList(3L, null));
        assertThat(r.readable()).isFalse();
        assertThat(r.problem()).contains("not running");
    }
}
