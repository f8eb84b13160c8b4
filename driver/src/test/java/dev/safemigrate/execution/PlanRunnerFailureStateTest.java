package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.Step;
import dev.safemigrate.rules.postgres.SetNotNullRule;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A step's {@code failureSqlState} stands in for the server's check violation (23514), and only for that:
 * SET NOT NULL through a helper check must fail with 23502 like SET NOT NULL itself (found by the
 * differential suite, DifferentialTest on PostgreSQL), while any other failure keeps its own SQLSTATE.
 */
class PlanRunnerFailureStateTest {
    private static final String VALIDATE = "ALTER TABLE \"app\".\"users\" VALIDATE CONSTRAINT \"sm_nn_email\"";

    private SQLException failure(String serverState) throws SQLException {
        Connection server = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                            (p, m, a) -> switch (m.getName()) {
                                case "execute" -> throw new SQLException("ERROR: check constraint \"sm_nn_email\" is violated",
                                        serverState);
                                case "close" -> null;
                                default -> throw new UnsupportedOperationException(m.getName());
                            });
                    case "getAutoCommit" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        DatabaseSupport postgres = (DatabaseSupport) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DatabaseSupport.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "transactionalDdl":
                            return true;
                        case "applyDdlTimeouts":
                            return TimeoutScope.NONE;
                        case "shortestLockTimeout":
                            return java.time.Duration.ofMillis(1);
                        case "classify":
                            return dev.safemigrate.dialect.FailureKind.OTHER;
                        default:
                            if (method.getReturnType() == boolean.class) {
                                return false; // not a lock failure, not a deadlock, …
                            }
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        Map<String, String> keys = Map.of("safemigrate.preWait", "false");
        Properties none = new Properties();
        Settings settings = SettingsResolver.resolve(keys, none, none, none);
        TransactionState transaction = new TransactionState(true, 10);
        RecordingMetrics metrics = new RecordingMetrics();
        StatementClassifier classifier = new StatementClassifier(Dialect.POSTGRESQL);
        String sql = "ALTER TABLE users ALTER COLUMN email SET NOT NULL";
        RewritePlan plan = new RewritePlan(new SetNotNullRule(), classifier.parse(sql).first(),
                List.of(Step.ownTransaction(VALIDATE).withFailure("column email has NULLs", "23502")), "test plan");
        PlanRunner runner = new PlanRunner(server, postgres, settings, metrics, transaction,
                new DdlExecutor(server, postgres, settings, metrics, transaction), classifier::parse, null, update -> -1);
        return catchThrowableOfType(() -> runner.run(plan), SQLException.class);
    }

    @Test
    void aViolatedHelperCheckIsReportedWithTheStatementsOwnSqlState() throws SQLException {
        SQLException e = failure("23514");
        assertThat(e.getSQLState()).isEqualTo("23502");
        assertThat(e.getMessage()).contains("check constraint \"sm_nn_email\" is violated", "[safemigrate: column email has NULLs]");
    }

    @Test
    void anyOtherFailureKeepsItsOwnSqlState() throws SQLException {
        assertThat(failure("57014").getSQLState()).as("a statement timeout").isEqualTo("57014");
    }
}
