package dev.safemigrate.sql;

import dev.safemigrate.observe.LogText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LogMaskingTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE USER app WITH PASSWORD 'Hunter2-secret'",
            "ALTER ROLE app PASSWORD 'Hunter2-secret' VALID UNTIL 'infinity'",
            "CREATE ROLE app LOGIN ENCRYPTED PASSWORD E'Hunter2-secret'",
            "CREATE USER 'app'@'%' IDENTIFIED BY 'Hunter2-secret'",
            "ALTER USER app IDENTIFIED WITH mysql_native_password BY \"Hunter2-secret\"",
            "SET PASSWORD FOR app = PASSWORD('Hunter2-secret')",
            "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h', password 'Hunter2-secret')",
            "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'u', password 'Hunter2-secret')",
            "CREATE SUBSCRIPTION sub CONNECTION 'host=h password=Hunter2-secret' PUBLICATION p",
            "CHANGE MASTER TO MASTER_HOST = 'h', MASTER_PASSWORD = 'Hunter2-secret'",
            "ALTER USER app IDENTIFIED BY 'it\\'s Hunter2-secret'",
    })
    void aStatementThatSetsACredentialIsLoggedWithoutItsLiterals(String sql) {
        String logged = LogText.shorten(sql);

        assertThat(logged).doesNotContain("Hunter2").contains("'***'");
        assertThat(logged.split("\\s+")[0]).as("still recognisable").isEqualTo(sql.split("\\s+")[0]);
    }

    @Test
    void anOrdinaryStatementIsLoggedAsWritten() {
        String sql = "UPDATE accounts SET note = 'paid; thanks' WHERE id > 10";

        assertThat(LogText.shorten(sql)).isEqualTo(sql);
        assertThat(LogMasking.secretsMasked(sql)).isSameAs(sql);
    }

    @Test
    void anotherSessionsQueryLosesEveryLiteralButKeepsItsShape() {
        String pg = "SELECT * FROM \"Accounts\" WHERE email = 'ann@example.com' AND id = 42 AND t1.x = $1";
        String my = "UPDATE `accounts` SET card = \"4111 1111\", pin = 1234 WHERE id = 7";

        assertThat(LogMasking.literalsMasked(pg, Dialect.POSTGRESQL))
                .isEqualTo("SELECT * FROM \"Accounts\" WHERE email = ? AND id = ? AND t1.x = $1");
        assertThat(LogMasking.literalsMasked(my, Dialect.MYSQL))
                .isEqualTo("UPDATE `accounts` SET card = ?, pin = ? WHERE id = ?");
        assertThat(LogMasking.literalsMasked(null, Dialect.MYSQL)).isNull();
    }

    @Test
    void anUnterminatedLiteralIsMaskedToTheEnd() {
        assertThat(LogMasking.literalsMasked("SELECT 'secret and more", Dialect.POSTGRESQL)).isEqualTo("SELECT ?");
        assertThat(LogText.shorten("ALTER USER x PASSWORD 'never closed")).isEqualTo("ALTER USER x PASSWORD '***'");
    }
}
