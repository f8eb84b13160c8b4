package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.Reading;
import dev.safemigrate.dialect.postgres.PostgresLagReader.Replica;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How rows of pg_stat_replication (which need replicas, absent in the integration tests) are read. */
class PostgresLagReaderTest {

    @Test
    void noReplicasIsNoLag() {
        assertThat(PostgresLagReader.interpret(false, null, "app", List.of())).isEqualTo(Reading.of(0));
    }

    @Test
    void theLargestReplayLagWins() {
        Reading r = PostgresLagReader.interpret(false, null, "app", List.of(
                new Replica("a", "streaming", 0.2), new Replica("b", "streaming", 4.5),
                new Replica("c", "streaming", null)));
        assertThat(r).isEqualTo(Reading.of(4.5));
    }

    @Test
    void hiddenReplicaDetailsAreUnreadable() {
        Reading r = PostgresLagReader.interpret(false, null, "app", List.of(new Replica(null, null, null)));
        assertThat(r.readable()).isFalse();
        assertThat(r.problem()).contains("role app").contains("pg_monitor");
    }

    @Test
    void aCatchingUpReplicaWithoutMeasuredLagIsUnreadable() {
        Reading r = PostgresLagReader.interpret(false, null, "app", List.of(new Replica("r1", "catchup", null)));
        assertThat(r.readable()).isFalse();
        assertThat(r.problem()).contains("'r1'").contains("catchup");
    }

    @Test
    void onAStandbyTheReplayDelayCounts() {
        assertThat(PostgresLagReader.interpret(true, 7.0, "app", List.of())).isEqualTo(Reading.of(7.0));
        assertThat(PostgresLagReader.interpret(true, null, "app", List.of()).problem())
                .contains("pg_last_xact_replay_timestamp");
    }

    @Test
    void loadIsUnreadableWhenOtherRolesSessionsAreHidden() {
        assertThat(PostgresLoadReader.interpret(3, 2, 0, false, "app").problem()).contains("hides the state of 2 sessions");
        assertThat(PostgresLoadReader.interpret(3, 2, 0, true, "app")).isEqualTo(Reading.of(3));
        assertThat(PostgresLoadReader.interpret(3, 0, 0, false, "app")).isEqualTo(Reading.of(3));
        assertThat(PostgresLoadReader.interpret(0, 0, 4, true, "app").problem()).contains("track_activities");
    }
}
