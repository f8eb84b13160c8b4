package dev.safemigrate.rules.mysql;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.DatabaseSupport;
import dev.safemigrate.dialect.TimeoutScope;
import dev.safemigrate.execution.DdlExecutor;
import dev.safemigrate.execution.PlanRunner;
import dev.safemigrate.execution.TransactionState;
import dev.safemigrate.observe.DriverMetrics;
import dev.safemigrate.rules.RewritePlan;
import dev.safemigrate.rules.RuleHarness;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the differential suite (DifferentialTest, MariaDB): a statement the server can only run by copying
 * the table, run as written under {@code policy.copyingAlter=warn}, returned an update count of 0 through the
 * driver where the real driver returns the rows copied (MariaDB: "Records: 69" → 69). The count of the form
 * that ran is now the caller's.
 */
class CopyingAlterUpdateCountTest {
    private static final String SQL = "ALTER TABLE users ADD CONSTRAINT ck_n CHECK (n >= 0)";

    private final List<String> sent = new ArrayList<>();

    /** A MariaDB that refuses the online form (1846) and copies the table for the statement as written. */
    private final Connection server = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                case "createStatement" -> statement();
                case "getAutoCommit" -> true;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private Statement statement() {
        long[] count = {-1};
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> {
                        String sql = (String) args[0];
                        sent.add(sql);
                        if (sql.contains("ALGORITHM=")) {
                            throw new SQLException("ALGORITHM=INPLACE is not supported. Reason: ... Try ALGORITHM=COPY",
                                    "0A000", 1846);
                        }
                        count[0] = 69;
                        yield false;
                    }
                    case "getLargeUpdateCount" -> count[0];
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final DatabaseSupport mariadb = (DatabaseSupport) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DatabaseSupport.class}, (proxy, method, args) -> switch (method.getName()) {
                case "transactionalDdl" -> false;
                case "applyDdlTimeouts" -> TimeoutScope.NONE;
                case "algorithmNotSupported" -> ((SQLException) args[0]).getErrorCode() == 1846;
                case "shortestLockTimeout" -> java.time.Duration.ofSeconds(1);
                case "classify" -> dev.safemigrate.dialect.FailureKind.OTHER;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aCopyingAlterRunAsWrittenReportsTheRowsTheServerCopied() throws SQLException {
        Map<String, String> warn = Map.of("safemigrate.policy.copyingAlter", "warn", "safemigrate.preWait", "false");
        RewritePlan plan = RuleHarness.mysql(new OnlineDdlRule(), FakeMySql.context("10.11.19-MariaDB", 1_000_000, warn))
                .plan(SQL);
        Properties none = new Properties();
        Settings settings = SettingsResolver.resolve(warn, none, none, none);
        TransactionState transaction = new TransactionState(true, 10);
        DriverMetrics metrics = DriverMetrics.current();
        StatementClassifier classifier = new StatementClassifier(Dialect.MYSQL);
        PlanRunner runner = new PlanRunner(server, mariadb, settings, metrics, transaction,
                new DdlExecutor(server, mariadb, settings, metrics, transaction), classifier::parse, null, update -> -1);

        assertThat(runner.run(plan)).isTrue();

        assertThat(sent).as("the online form, then as written").hasSize(2).last().isEqualTo(SQL);
        assertThat(runner.rowsAffected()).as("MariaDB's count for the copy").isEqualTo(69);
    }
}
