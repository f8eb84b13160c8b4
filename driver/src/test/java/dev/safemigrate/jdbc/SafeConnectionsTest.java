package dev.safemigrate.jdbc;

import dev.safemigrate.dialect.DatabaseFamily;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeConnectionsTest {
    @Test
    void theFamilyComesFromThePlainUrlsSubprotocol() {
        assertThat(SafeConnections.familyOf("jdbc:postgresql://db:5432/app?ssl=true")).isEqualTo(DatabaseFamily.POSTGRESQL);
        assertThat(SafeConnections.familyOf("jdbc:postgresql:app")).isEqualTo(DatabaseFamily.POSTGRESQL);
        assertThat(SafeConnections.familyOf("jdbc:mysql://db/app")).isEqualTo(DatabaseFamily.MYSQL);
        assertThat(SafeConnections.familyOf("jdbc:mariadb://db/app")).isEqualTo(DatabaseFamily.MARIADB);
    }

    @Test
    void otherDatabasesAndOurOwnUrlsAreNotWrappedAgain() {
        assertThat(SafeConnections.familyOf("jdbc:h2:mem:x")).isNull();
        assertThat(SafeConnections.familyOf("jdbc:oracle:thin:@db:1521/app")).isNull();
        assertThat(SafeConnections.familyOf("jdbc:safemigrate:postgresql://db/app")).as("our driver wraps its own").isNull();
        assertThat(SafeConnections.familyOf("jdbc:")).isNull();
        assertThat(SafeConnections.familyOf("postgresql://db/app")).isNull();
        assertThat(SafeConnections.familyOf(null)).isNull();
    }
}
