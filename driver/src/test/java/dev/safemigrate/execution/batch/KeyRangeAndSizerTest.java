package dev.safemigrate.execution.batch;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRangeAndSizerTest {
    private static final KeyRange.Literals QUOTE = (v, numeric) -> numeric ? v : "'" + v.replace("'", "''") + "'";

    @Test
    void aSingleColumnKeyIsAPlainComparison() throws SQLException {
        Key k = new Key(List.of("42"), List.of(true));
        assertThat(KeyRange.after(List.of("t.\"id\""), k, QUOTE)).isEqualTo("t.\"id\" > 42");
        assertThat(KeyRange.upTo(List.of("t.\"id\""), k, QUOTE)).isEqualTo("t.\"id\" <= 42");
    }

    @Test
    void aCompositeKeyIsWrittenOutLexicographically() throws SQLException {
        Key k = new Key(List.of("7", "it's"), List.of(true, false));
        List<String> cols = List.of("a", "b");
        assertThat(KeyRange.after(cols, k, QUOTE)).isEqualTo("((a > 7) OR (a = 7 AND b > 'it''s'))");
        assertThat(KeyRange.upTo(cols, k, QUOTE)).isEqualTo("((a < 7) OR (a = 7 AND b <= 'it''s'))");
        Key three = new Key(List.of("1", "2", "3"), List.of(true, true, true));
        assertThat(KeyRange.upTo(List.of("a", "b", "c"), three, QUOTE))
                .isEqualTo("((a < 1) OR (a = 1 AND b < 2) OR (a = 1 AND b = 2 AND c <= 3))");
    }

    @Test
    void keysSurviveTheJournal() {
        Key k = new Key(List.of("x,y", "", "a\\b'c"), List.of(false, false, false));
        assertThat(Key.decode(k.encode(), k.numeric())).isEqualTo(k);
    }

    @Test
    void theSizeGrowsAtMostOneAndAHalfTimesPerBatch() {
        BatchSizer sizer = new BatchSizer(TimeUnit.MILLISECONDS.toNanos(200), 100, 50_000);
        assertThat(sizer.size()).isEqualTo(1000);
        sizer.record(TimeUnit.MILLISECONDS.toNanos(10)); // twenty times too fast
        assertThat(sizer.size()).isEqualTo(1500);
        sizer.record(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(sizer.size()).isEqualTo(2250);
    }

    @Test
    void aBadOverrunCutsTheSizeAtOnceInProportion() {
        BatchSizer sizer = new BatchSizer(TimeUnit.MILLISECONDS.toNanos(200), 100, 50_000);
        sizer.record(TimeUnit.MILLISECONDS.toNanos(1000)); // five times the target
        assertThat(sizer.size()).isEqualTo(200);
        sizer.record(TimeUnit.MILLISECONDS.toNanos(300)); // a mild overrun: shrink, at most by half
        assertThat(sizer.size()).isEqualTo(133);
    }

    @Test
    void theSizeStaysWithinItsBounds() {
        BatchSizer sizer = new BatchSizer(TimeUnit.MILLISECONDS.toNanos(200), 500, 2000);
        for (int i = 0; i < 20; i++) {
            sizer.record(1);
        }
        assertThat(sizer.size()).isEqualTo(2000);
        for (int i = 0; i < 20; i++) {
            sizer.record(TimeUnit.SECONDS.toNanos(10));
        }
        assertThat(sizer.size()).isEqualTo(500);
    }
}
