package dev.safemigrate.agent;

import net.bytebuddy.dynamic.Nexus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up settings of the agent's ByteBuddy leave no trace in the application's system properties. */
class InstrumenterTest {

    @Test
    void theNexusSwitchIsRemovedOnceTheBuilderExists() {
        assertThat(System.getProperty(Nexus.PROPERTY)).isNull();
        assertThat(Instrumenter.newAgentBuilder()).isNotNull();
        assertThat(System.getProperty(Nexus.PROPERTY)).isNull();
    }

    @Test
    void aValueSetBeforeIsPutBack() {
        System.setProperty(Nexus.PROPERTY, "false");
        try {
            Instrumenter.newAgentBuilder();
            assertThat(System.getProperty(Nexus.PROPERTY)).isEqualTo("false");
        } finally {
            System.clearProperty(Nexus.PROPERTY);
        }
    }
}
