package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.BlockingSession;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The wait before an attempt as a function of what the server shows; the real lookups are tested in LockPreWaitTest. */
class BlockerWaitTest {
    private static final SqlStatement DDL = new StatementClassifier(Dialect.POSTGRESQL)
            .parse("ALTER TABLE accounts ADD COLUMN note text").first();
    private static final BlockingSession HOLDER = new BlockingSession(42, "app", "billing", "idle in transaction",
            Duration.ofSeconds(3), "SELECT * FROM accounts", "AccessShareLock");

    private final List<Long> sleeps = new ArrayList<>();
    private final List<Duration> asked = new ArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    /** A support whose lookup answers {@code answers} in turn (then nobody); every other call fails the test. */
    private DatabaseSupport support(List<List<BlockingSession>> answers) {
        return support(answers, Duration.ofMillis(1));
    }

    /** The same, for a server whose shortest lock timeout is {@code shortest}. */
    private DatabaseSupport support(List<List<BlockingSession>> answers, Duration shortest) {
        List<List<BlockingSession>> left = new ArrayList<>(answers);
        return (DatabaseSupport) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DatabaseSupport.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("shortestLockTimeout")) {
                        return shortest;
                    }
                    if (method.getName().equals("longLockHolders")) {
                        asked.add((Duration) args[2]);
                        return left.isEmpty() ? List.of() : left.remove(0);
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
    }

    private BlockerWait.Budget budget(DatabaseSupport support, String... settings) throws SQLException {
        java.util.HashMap<String, String> values = new java.util.HashMap<>();
        for (int k = 0; k < settings.length; k += 2) {
            values.put(settings[k], settings[k + 1]);
        }
        Properties none = new Properties();
        Settings s = SettingsResolver.resolve(values, none, none, none);
        Attempts attempts = new Attempts(support, metrics, s.retryMaxAttempts(),
                new Backoff(s.retryBaseDelay(), s.retryMaxDelay()), millis -> {
                    sleeps.add(millis);
                    Thread.sleep(1);
                });
        return new BlockerWait(null, support, s, metrics, attempts).budget();
    }

    @Test
    void offItAsksNothing() throws SQLException {
        assertThat(budget(support(List.of(List.of(HOLDER))), "safemigrate.preWait", "false").awaitHolders(DDL))
                .isZero();
        assertThat(asked).isEmpty();
    }

    @Test
    void whileALongTransactionHoldsTheTableItPollsWithoutQueueingThenGoesAhead() throws SQLException {
        Duration waited = budget(support(List.of(List.of(HOLDER), List.of(HOLDER), List.of(HOLDER))),
                "safemigrate.preWait", "true", "safemigrate.lockTimeout.first", "50ms").awaitHolders(DDL);
        assertThat(sleeps).containsExactly(20L, 40L, 80L);
        assertThat(asked).as("holders whose transaction is older than the first attempt's timeout")
                .allMatch(d -> d.toMillis() == 50).hasSize(4);
        assertThat(waited).isPositive();
        assertThat(metrics.preWaitNanos).isEqualTo(waited.toNanos());
    }

    @Test
    void nobodyHoldingItSendsOneLookupAndDoesNotWait() throws SQLException {
        assertThat(budget(support(List.of())).awaitHolders(DDL)).as("on by default").isZero();
        assertThat(asked).hasSize(1).allMatch(d -> d.toMillis() == 50); // lockTimeout.first's default

        asked.clear();
        budget(support(List.of()), "safemigrate.lockTimeout.first", "off").awaitHolders(DDL);
        assertThat(asked).hasSize(1).allMatch(d -> d.toMillis() == 1000); // lockTimeout.first off: lockTimeout
        assertThat(sleeps).isEmpty();
        assertThat(metrics.preWaitNanos).isEqualTo(-1);
    }

    @Test
    void whereTheServerCannotHonourTheShortFirstTimeoutEveryHolderCounts() throws SQLException {
        // MySQL/MariaDB: a 50 ms first attempt is a 1 s one there, so a young holder is waited for too.
        budget(support(List.of(), Duration.ofSeconds(1))).awaitHolders(DDL);
        assertThat(asked).containsExactly(Duration.ZERO);

        asked.clear();
        budget(support(List.of(), Duration.ofSeconds(1)), "safemigrate.lockTimeout.first", "off").awaitHolders(DDL);
        assertThat(asked).as("every attempt waits lockTimeout (1 s), which the server honours")
                .containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void itGivesUpWaitingWhenTheBudgetIsSpentAndTheNextAttemptDoesNotWaitAgain() throws SQLException {
        List<List<BlockingSession>> always = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            always.add(List.of(HOLDER));
        }
        BlockerWait.Budget budget = budget(support(always), "safemigrate.preWait", "true",
                "safemigrate.lockTimeout", "5ms", "safemigrate.retry.maxAttempts", "2");
        assertThat(budget.awaitHolders(DDL)).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        int lookups = asked.size();
        assertThat(budget.awaitHolders(DDL)).as("the budget is per statement").isZero();
        assertThat(asked).hasSize(lookups);
    }
}
