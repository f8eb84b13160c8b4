package dev.safemigrate.jdbc;

import dev.safemigrate.dialect.DatabaseFamily;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeUrlTest {

    @Test
    void stripsThePrefixAndOnlyOurParameters() throws SQLException {
        SafeUrl url = SafeUrl.parse("jdbc:safemigrate:postgresql://db:5432/app?ssl=true&safemigrate.lockTimeout=2s"
                + "&ApplicationName=migr&safemigrate.retry.maxAttempts=3");
        assertThat(url.family()).isEqualTo(DatabaseFamily.POSTGRESQL);
        assertThat(url.realUrl()).isEqualTo("jdbc:postgresql://db:5432/app?ssl=true&ApplicationName=migr");
        assertThat(url.settings()).isEqualTo(Map.of("safemigrate.lockTimeout", "2s", "safemigrate.retry.maxAttempts", "3"));
        assertThat(url.userUrl()).startsWith("jdbc:safemigrate:postgresql://db:5432/app?ssl=true&safemigrate");
    }

    @Test
    void aUrlWithOnlyOurParametersLosesItsQuestionMark() throws SQLException {
        SafeUrl url = SafeUrl.parse("jdbc:safemigrate:mysql://h:3306/app?safemigrate.lockTimeout=2s");
        assertThat(url.family()).isEqualTo(DatabaseFamily.MYSQL);
        assertThat(url.realUrl()).isEqualTo("jdbc:mysql://h:3306/app");
    }

    @Test
    void urlsWithoutParametersPassUnchanged() throws SQLException {
        assertThat(SafeUrl.parse("jdbc:safemigrate:mariadb://h/app").realUrl()).isEqualTo("jdbc:mariadb://h/app");
        assertThat(SafeUrl.parse("jdbc:safemigrate:mysql://(host=a,port=1),(host=b,port=2)/app?useSSL=false").realUrl())
                .isEqualTo("jdbc:mysql://(host=a,port=1),(host=b,port=2)/app?useSSL=false");
    }

    @Test
    void valuesAreUrlDecoded() throws SQLException {
        assertThat(SafeUrl.parse("jdbc:safemigrate:postgresql://h/app?safemigrate.lockTimeout=%202s").settings())
                .containsEntry("safemigrate.lockTimeout", " 2s");
    }

    @Test
    void wrapPutsTheRealUrlBehindThePrefixAndParseTakesItBack() throws SQLException {
        String wrapped = SafeUrl.wrap("jdbc:mariadb://db:3306/app?useSsl=true");

        assertThat(wrapped).isEqualTo("jdbc:safemigrate:mariadb://db:3306/app?useSsl=true");
        assertThat(SafeUrl.parse(wrapped).realUrl()).isEqualTo("jdbc:mariadb://db:3306/app?useSsl=true");
        assertThatThrownBy(() -> SafeUrl.wrap("postgresql://db/app")).isInstanceOf(IllegalArgumentException.class);
    }
}
