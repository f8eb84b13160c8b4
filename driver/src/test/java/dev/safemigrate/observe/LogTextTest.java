package dev.safemigrate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** What the driver writes of a server error it wraps: the SQLSTATE and code, never the server's text. */
class LogTextTest {

    @Test
    void aWrappedServerErrorIsNamedByItsStateNotItsText() {
        SQLException server = new SQLException("ERROR: invalid input syntax for type integer: \"sm-secret-1\"",
                "22P02", 0);
        assertThat(LogText.serverError(server)).contains("SQLSTATE 22P02").doesNotContain("sm-secret")
                .doesNotContain("code");
        SQLException mysql = new SQLException("Duplicate entry 'sm-secret-2' for key 'PRIMARY'", "23000", 1062);
        assertThat(LogText.serverError(mysql)).contains("SQLSTATE 23000, code 1062").doesNotContain("sm-secret");
    }
}
