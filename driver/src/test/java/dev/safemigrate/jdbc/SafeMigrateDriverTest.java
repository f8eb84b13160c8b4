package dev.safemigrate.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeMigrateDriverTest {
    private final SafeMigrateDriver driver = new SafeMigrateDriver();

    @Test
    void isRegisteredThroughTheServiceFile() throws SQLException {
        Driver found = DriverManager.getDriver("jdbc:safemigrate:postgresql://localhost/db");
        assertThat(found).isInstanceOf(SafeMigrateDriver.class);
    }

    @Test
    void acceptsOnlyItsOwnPrefix() {
        assertThat(driver.acceptsURL("jdbc:safemigrate:postgresql://h/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:safemigrate:mysql://h/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:postgresql://h/db")).isFalse();
        assertThat(driver.acceptsURL("jdbc:mysql://h/db")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @Test
    void returnsNullForOtherUrlsAsJdbcRequires() throws SQLException {
        assertThat(driver.connect("jdbc:postgresql://h/db", new Properties())).isNull();
    }

    @Test
    void aMissingRealDriverNamesTheArtifactToAdd() {
        // Neither MySQL's Connector/J nor MariaDB's client is on this module's test class path (the pom
        // keeps the latter, a dependency for the command-line jar only, out of the tests).
        assertThatThrownBy(() -> driver.connect("jdbc:safemigrate:mysql://127.0.0.1:1/db", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("com.mysql:mysql-connector-j")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void anUnsupportedDatabaseIsRefusedClearly() {
        assertThatThrownBy(() -> driver.connect("jdbc:safemigrate:oracle:thin:@h:1521:x", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:safemigrate:postgresql:")
                .hasMessageContaining("'jdbc:safemigrate:oracle:'")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void aBadSettingFailsBeforeAnythingConnects() {
        assertThatThrownBy(() -> driver.connect("jdbc:safemigrate:postgresql://127.0.0.1:1/db?safemigrate.lockTimeout=x",
                new Properties()))
                .hasMessageContaining("safemigrate.lockTimeout");
    }

    @Test
    void propertyInfoListsOurSettingsAndTheRealDriversOnes() throws SQLException {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:safemigrate:postgresql://h/db", new Properties());
        assertThat(Arrays.stream(info).map(i -> i.name)).contains("safemigrate.lockTimeout", "user", "password");
    }
}
