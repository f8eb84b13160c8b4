package dev.safemigrate.dialect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFamilyTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(textBlock = """
            PostgreSQL, 15.8,                    POSTGRESQL
            MySQL,      8.4.3,                   MYSQL
            MySQL,      5.5.5-10.11.19-MariaDB,  MARIADB
            MariaDB,    10.11.19-MariaDB,        MARIADB
            MariaDB,    ,                        MARIADB
            """)
    void theServerFamilyComesFromTheNameAndTheVersion(String product, String version, DatabaseFamily expected) {
        assertThat(DatabaseFamily.ofServer(product, version)).isEqualTo(expected);
    }
}
