package dev.safemigrate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safemigrate.it.audit.LeakProbeApp;
import dev.safemigrate.it.audit.LogAudit;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ForkedJvm;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bind values and passwords never reach a log line or a message of the driver's own (docs/observability.md).
 * {@link LeakProbeApp} plants canaries ({@link LogAudit#CANARY}…) as bind values and sends them, with the
 * connection's password, through every path that logs or throws: prepared DML, a JDBC batch, keyset batching over
 * a key made of canaries, a batch that fails mid-way on a canary the server quotes, a dry run (a bulk statement, a prepared
 * one, a prepared DDL), a DDL refused by policy, an online copy (MariaDB) whose new unique key rejects two canary rows, a DDL retried behind a blocker that read with a bind value until it gives up, bad settings in
 * a URL that carries the password, a wrong password, an unreachable server. It runs in a JVM of its own so that
 * the driver's loggers are at TRACE (slf4j-simple fixes a logger's level when the logger is made).
 *
 * <p>Guaranteed: no canary and no password in the driver's logs, nor in the message of any exception the driver
 * makes. An error of the server the driver does not handle (a duplicate key of a prepared INSERT) is the real
 * driver's own exception, unchanged, as through the bare driver; what the server writes into it (PostgreSQL's
 * DETAIL, MySQL's "Duplicate entry") is the server's.
 */
class SecretsNeverLeakTest {

    abstract static class Common {
        final TestDatabase db;

        Common(TestDatabase db) {
            this.db = db;
        }

        /** The SQLSTATE the server gives a cast of non-numeric text. */
        abstract String badCastState();

        @Test
        void noCanaryNorPasswordInTheDriversLogsOrMessages() throws Exception {
            ForkedJvm.Result run = ForkedJvm.of(LeakProbeApp.class)
                    .withDriver("-Dorg.slf4j.simpleLogger.log.dev.safemigrate=trace")
                    .database(db).run(180).assertSucceeded();
            String out = run.output();
            assertThat(run.reported("trace.enabled")).as(out).isEqualTo("true");
            assertThat(run.reported("done")).as(out).isEqualTo("true");

            // every path was taken, as it would be for a user
            assertThat(run.reported("scenario.preparedInsert")).as(out).isEqualTo("rows=" + LeakProbeApp.ROWS);
            assertThat(run.reported("scenario.preparedDuplicate")).as(out).startsWith("sameAsBare=true,sqlstate=23");
            assertThat(run.reported("scenario.batchedUpdate")).as(out).startsWith("count=" + LeakProbeApp.ROWS + ",");
            assertThat(out).contains("Batched UPDATE items SET n = n + 1: done");
            assertThat(run.reported("scenario.batchFailsMidway")).as(out)
                    .startsWith("threw dev.safemigrate.execution.batch.BatchAbortedException[" + badCastState());
            assertThat(run.reported("message.batchFailsMidway")).as(out).containsPattern("stopped after [1-9]\\d* committed batches")
                    .contains("rows changed, up to key (<text>)").contains("SQLSTATE " + badCastState());
            assertThat(out).contains("Dry run: would run it in keyset batches");
            assertThat(run.reported("scenario.dryRun")).as(out).isEqualTo("prepared=1");
            assertThat(run.reported("scenario.refused")).as(out)
                    .startsWith("threw dev.safemigrate.rules.PolicyViolationException[SM001");
            assertThat(run.reported("scenario.lockRetry")).as(out)
                    .startsWith("threw dev.safemigrate.execution.DdlLockException");
            assertThat(out).contains("attempt 1"); // the WARN of the first failed attempt
            assertThat(run.reported("scenario.onlineCopyRowRejected")).as(out).startsWith(onlineCopyOutcome());
            if (!onlineCopyOutcome().equals("n/a")) {
                assertThat(run.reported("message.onlineCopyRowRejected")).as(out).startsWith("safemigrate: ");
            }
            assertThat(run.reported("scenario.badSettingValue")).as(out).startsWith("threw ")
                    .contains("InvalidSettingException");
            assertThat(run.reported("message.badSettingValue")).as(out).contains("Bad value 'soon'");
            assertThat(run.reported("scenario.unknownSetting")).as(out).contains("InvalidSettingException");
            assertThat(run.reported("scenario.wrongPassword")).as(out).startsWith(wrongPasswordOutcome());
            assertThat(run.reported("scenario.unreachable")).as(out).startsWith("threw ");

            // and nothing showed a secret
            List<String> leaks = new ArrayList<>();
            for (String line : out.split("\\R")) {
                if (line.startsWith("leak.")) {
                    leaks.add(line);
                }
            }
            assertThat(leaks).as("safemigrate exceptions whose message shows a canary or the password").isEmpty();
            assertThat(out).as("the driver's logs at TRACE").doesNotContain(LogAudit.CANARY);
            if (!db.password().isEmpty()) {
                assertThat(out).doesNotContain(db.password());
            }
        }

        /** What the online copy of a table whose new unique key two canary rows break ends with (MySQL only). */
        abstract String onlineCopyOutcome();

        /** PostgreSQL's trust auth takes any password; MariaDB refuses a wrong one. */
        abstract String wrongPasswordOutcome();
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        String badCastState() {
            return "22P02";
        }

        @Override
        String wrongPasswordOutcome() {
            return "connected";
        }

        @Override
        String onlineCopyOutcome() {
            return "n/a";
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        String badCastState() {
            return "22";
        }

        @Override
        String wrongPasswordOutcome() {
            return "threw ";
        }

        @Override
        String onlineCopyOutcome() {
            // the copy's ON DUPLICATE KEY UPDATE absorbs the second row; the chunked comparison then refuses the swap
            return "threw java.sql.SQLException[SM003";
        }
    }
}
