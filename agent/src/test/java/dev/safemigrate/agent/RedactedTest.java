package dev.safemigrate.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent's log lines show of a URL: where it connects, never credentials or parameters. */
class RedactedTest {

    @Test
    void parametersAreDropped() {
        assertThat(Redacted.url("jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(Redacted.url("jdbc:mysql://db:3306/app?password=s3cret")).isEqualTo("jdbc:mysql://db:3306/app");
        assertThat(Redacted.url("jdbc:mariadb://db/app&password=s3cret")).isEqualTo("jdbc:mariadb://db/app");
        assertThat(Redacted.url("jdbc:sqlserver://db:1433;user=app;password=s3cret")).isEqualTo("jdbc:sqlserver://db:1433");
    }

    @Test
    void userInformationIsDropped() {
        assertThat(Redacted.url("jdbc:mysql://app:s3cret@db:3306/app")).isEqualTo("jdbc:mysql://db:3306/app");
        assertThat(Redacted.url("jdbc:mariadb://app@db/app")).isEqualTo("jdbc:mariadb://db/app");
        assertThat(Redacted.url("jdbc:mysql://app:p@ss@word@db/app")).as("an @ in the password")
                .isEqualTo("jdbc:mysql://db/app");
        assertThat(Redacted.url("jdbc:mysql://app:s3cret@[db1:3306,db2:3307]/app"))
                .isEqualTo("jdbc:mysql://[db1:3306,db2:3307]/app");
    }

    @Test
    void credentialsInConnectorJsKeyValueHostSyntaxAreMasked() {
        assertThat(Redacted.url("jdbc:mysql://(host=db,port=3306,user=app,password=s3cret)/app"))
                .isEqualTo("jdbc:mysql://(host=db,port=3306,user=***,password=***)/app");
        assertThat(Redacted.url("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cret)/app"))
                .isEqualTo("jdbc:mysql://address=(host=db)(port=3306)(user=***)(password=***)/app");
        assertThat(Redacted.url("jdbc:mysql://(host=db,password=a?b)/app")).as("a ? inside the password")
                .doesNotContain("a?b").doesNotContain("password=a");
    }

    @Test
    void anAtSignInAParameterIsNotMistakenForUserInformation() {
        assertThat(Redacted.url("jdbc:postgresql://db/app?user=ops@example")).isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void aUrlWithoutCredentialsOrParametersIsKeptAsItIs() {
        assertThat(Redacted.url("jdbc:postgresql://db:5432/app")).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(Redacted.url("jdbc:postgresql:app")).isEqualTo("jdbc:postgresql:app");
        assertThat(Redacted.url("jdbc:postgresql://db1:5432,db2:5432/app")).isEqualTo("jdbc:postgresql://db1:5432,db2:5432/app");
    }
}
