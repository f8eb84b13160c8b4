package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code safemigrate demo} end to end, as a user runs it: the no-argument path (embedded PostgreSQL)
 * and {@code --url} on the test database. Small row counts; the timings asserted leave room for a busy
 * 2-core machine.
 */
@RealDatabase(Engine.POSTGRESQL)
class DemoCommandTest {
    private final TestDatabase db;

    DemoCommandTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void onTheEmbeddedDatabaseTheBareRunStallsTheLoadBehindTheReportAndSafemigrateDoesNot() {
        // defaults: the report holds the table 5 s, safemigrate's lock timeout grows from 50 to 500 ms
        Run run = demo("--rows", "30000", "--no-progress");

        assertThat(run.code).as(run.all()).isEqualTo(Main.OK);
        assertThat(run.out).contains("PostgreSQL 14").contains("embedded, started for this run")
                .containsPattern("\\n +bare driver +safemigrate\\n");
        // what reached the server, from the event trigger
        assertThat(run.out)
                .contains("What the server received")
                .containsPattern("ALTER TABLE orders ADD COLUMN customer_id bigint   \\[no lock timeout\\]")
                // waited without queueing while the report held the table, then ran at its first attempt
                .containsPattern("ALTER TABLE orders ADD COLUMN customer_id bigint   \\[lock_timeout 50ms(, \\d+ attempts)?\\]")
                .contains("CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)")
                .containsPattern("FOREIGN KEY .* NOT VALID   \\[lock_timeout 50ms\\]")
                .containsPattern("VALIDATE CONSTRAINT \"orders_customer_id_fkey\"")
                .containsPattern("backfill: \\d+ batches, [\\d,]+ rows");
        assertThat(run.out).contains("End state: the same in both runs, and correct: column added, index valid,"
                + " foreign key validated, every original row backfilled");

        long[] max = latencyMillis(run.out, "latency max");
        assertThat(max[0]).as("bare driver: writers queue behind the ALTER for the report's 5 s hold\n" + run.out)
                .isGreaterThanOrEqualTo(4_000);
        assertThat(max[1]).as("safemigrate: the ALTER waits without queueing, so nothing queues behind it\n" + run.out)
                .isLessThan(1_000)
                .isLessThan(max[0] / 4);
        assertThat(run.out).containsPattern("DDL waited [\\d.,]+ m?s without queueing");
        assertThat(latencyMillis(run.out, "latency p99")[0]).as("bare driver: hundreds of operations stalled\n" + run.out)
                .isGreaterThanOrEqualTo(2_000);
        assertThat(latencyMillis(run.out, "errors")).as(run.out).containsExactly(0, 0);
    }

    @Test
    void withUrlItRunsInASchemaOfItsOwnDroppedAfterwardsWithoutAnEventTrigger() throws SQLException {
        String password = db.password().isEmpty() ? "never-printed-7f3a" : db.password();
        Run run = demo("--url", db.bareUrl(), "--user", db.user(), "--password", password,
                "--rows", "20000", "--hold", "2s", "--lock-timeout", "200ms", "--no-progress");

        assertThat(run.code).as(run.all()).isEqualTo(Main.OK);
        Matcher dropped = Pattern.compile("Schema (safemigrate_demo_[0-9a-f]{6}) dropped\\.").matcher(run.out);
        assertThat(dropped.find()).as(run.out).isTrue();
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = ?", dropped.group(1))).isZero();
        assertThat(count("SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE ?", "safemigrate_demo%")).isZero();
        assertThat(run.out).doesNotContain("What the server received")
                .contains("rule create-index: 1 statement rewritten (CREATE INDEX CONCURRENTLY)")
                .contains("rule add-foreign-key: 1 statement rewritten")
                .contains("End state: the same in both runs, and correct");
        assertThat(run.all()).doesNotContain(password);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection c = db.openBare(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The two cells (bare, safemigrate) of a report row, in milliseconds ("4.85 s", "510 ms") or plain counts. */
    private static long[] latencyMillis(String report, String label) {
        Matcher m = Pattern.compile("\\n  " + Pattern.quote(label) + " +([\\d.,]+)( m?s)? +([\\d.,]+)( m?s)?\\n").matcher(report);
        assertThat(m.find()).as("row '" + label + "' in\n" + report).isTrue();
        return new long[] {millis(m.group(1), m.group(2)), millis(m.group(3), m.group(4))};
    }

    private static long millis(String number, String unit) {
        double n = Double.parseDouble(number.replace(",", ""));
        return Math.round(" s".equals(unit) ? n * 1000 : n);
    }

    private record Run(int code, String out, String err) {
        String all() {
            return out + "\n--- stderr ---\n" + err;
        }
    }

    private static Run demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("demo"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
