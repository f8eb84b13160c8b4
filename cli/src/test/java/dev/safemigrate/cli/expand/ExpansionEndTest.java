package dev.safemigrate.cli.expand;

import dev.safemigrate.dialect.Catalog.ExpansionFacts;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements contract and rollback send, and the pattern status looks for, with awkward names. */
class ExpansionEndTest {
    private static final ExpansionFacts AWKWARD = new ExpansionFacts(7, "rename-column", "App", "user\"s", "Name",
            "full name", "expanded", Instant.EPOCH, "ALTER TABLE …", "", "");

    @Test
    void identifiersAreQuoted() {
        assertThat(ExpansionEnd.statement(ExpansionEnd.Way.CONTRACT, AWKWARD))
                .isEqualTo("ALTER TABLE \"App\".\"user\"\"s\" DROP COLUMN \"Name\"");
        assertThat(ExpansionEnd.statement(ExpansionEnd.Way.ROLLBACK, AWKWARD))
                .isEqualTo("ALTER TABLE \"App\".\"user\"\"s\" RENAME COLUMN \"full name\" TO \"Name\"");
    }

    @Test
    void namesAreMatchedAsWholeWordsWithTheirRegexCharactersEscaped() {
        assertThat(OldNameQueries.word("name")).isEqualTo("\\mname\\M");
        assertThat(OldNameQueries.word("a.b$c")).isEqualTo("\\ma\\.b\\$c\\M");
    }

    @Test
    void agesAreRounded() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        assertThat(StatusCommand.age(now.minusSeconds(30), now)).isEqualTo("0 min");
        assertThat(StatusCommand.age(now.minusSeconds(3 * 3600 + 5), now)).isEqualTo("3 h");
        assertThat(StatusCommand.age(now.minusSeconds(2 * 86400), now)).isEqualTo("2 d");
    }
}
