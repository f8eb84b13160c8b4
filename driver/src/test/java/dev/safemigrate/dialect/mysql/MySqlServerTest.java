package dev.safemigrate.dialect.mysql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlServerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            8.0.36                     | MySQL 8.0.36     | true  | true
            8.0.11                     | MySQL 8.0.11     | true  | false
            8.4.3-commercial           | MySQL 8.4.3      | true  | true
            9.1.0                      | MySQL 9.1.0      | true  | true
            5.7.44-log                 | MySQL 5.7.44     | true  | false
            5.5.62                     | MySQL 5.5.62     | false | false
            10.11.19-MariaDB-0+deb12u1 | MariaDB 10.11.19 | true  | true
            5.5.5-10.6.21-MariaDB      | MariaDB 10.6.21  | true  | true
            11.4.2-MariaDB-log         | MariaDB 11.4.2   | true  | true
            10.2.44-MariaDB            | MariaDB 10.2.44  | true  | false
            garbage                    | MySQL 0.0.0      | false | false
            """)
    void versionStrings(String version, String read, boolean online, boolean instant) {
        MySqlServer s = MySqlServer.parse(version);
        assertThat(s).hasToString(read);
        assertThat(s.supportsOnlineClauses()).isEqualTo(online);
        assertThat(s.supportsInstant()).isEqualTo(instant);
    }

    /** What each client's metadata reports (product name, product version), and what the driver takes it for. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            MySQL   | 5.5.5-10.11.19-MariaDB-0+deb12u1 | MariaDB 10.11.19
            MariaDB | 10.11.19-MariaDB-0+deb12u1       | MariaDB 10.11.19
            MySQL   | 8.0.36                           | MySQL 8.0.36
            MariaDB |                                  | MariaDB 0.0.0
            MySQL   |                                  | MySQL 0.0.0
            """)
    void oneDetectionFromNameAndVersion(String product, String version, String read) {
        MySqlServer s = MySqlServer.of(product, version);
        assertThat(s).hasToString(read);
        assertThat(new MySqlSupport(s).dialect()).isEqualTo(dev.safemigrate.sql.Dialect.MYSQL);
    }

    @ParameterizedTest
    @CsvSource({"1845, true", "1846, true", "1847, true", "1205, false", "1064, false"})
    void algorithmRefusalsAreToldByVendorCodeNotSqlState(int code, boolean expected) {
        SQLException e = new SQLException("x", "0A000", code);
        assertThat(new MySqlSupport("MariaDB").algorithmNotSupported(e)).isEqualTo(expected);
        assertThat(new MySqlSupport("MySQL").algorithmNotSupported(new SQLException("wrapped", "HY000", 0, e)))
                .isEqualTo(expected);
    }
}
