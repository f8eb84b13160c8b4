package dev.safemigrate.execution;

import dev.safemigrate.config.Settings;
import dev.safemigrate.config.SettingsResolver;
import dev.safemigrate.dialect.Catalog;
import dev.safemigrate.rules.Decision;
import dev.safemigrate.rules.Finding;
import dev.safemigrate.rules.Operation;
import dev.safemigrate.rules.PolicyViolationException;
import dev.safemigrate.rules.RuleContext;
import dev.safemigrate.rules.RuleContext.PolicyOutcome;
import dev.safemigrate.rules.postgres.PolicyRules;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine step that acts on findings: what it tells the context, when it refuses, and the refusal's text. */
class PolicyEnforcementTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);
    private static final Finding DROP = new Finding(Operation.DROP_COLUMN, "column b of table public.a");
    private static final Finding RENAME = new Finding(Operation.RENAME_COLUMN, "column c of table public.a renamed to d");

    private final List<String> told = new ArrayList<>();

    @Test
    void warnedFindingsRunAsWrittenAndEachOutcomeIsTold() throws Exception {
        enforce("ALTER TABLE a DROP COLUMN b, RENAME COLUMN c TO d", Map.of(), DROP, RENAME);

        assertThat(told).containsExactly("drop-column WARNED", "rename-column WARNED");
    }

    @Test
    void oneRefusedFindingRefusesTheStatementNamingItAndHowToAllowIt() {
        assertThatThrownBy(() -> enforce("ALTER TABLE a DROP COLUMN b, RENAME COLUMN c TO d",
                Map.of("safemigrate.policy.dropColumn", "refuse"), DROP, RENAME))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("safemigrate refused ALTER TABLE a DROP COLUMN b, RENAME COLUMN c TO d — nothing was sent"
                        + " to the server. [drop-column] column b of table public.a: " + Operation.DROP_COLUMN.risk
                        + ". Safe way: " + Operation.DROP_COLUMN.recipe + ". To run it as written anyway, add the"
                        + " comment /* safemigrate:allow drop-column */ to the statement, or set"
                        + " safemigrate.policy.dropColumn=warn (or safemigrate.policy.default=warn).")
                .satisfies(e -> assertThat(((PolicyViolationException) e).getSQLState()).isEqualTo("SM001"))
                .satisfies(e -> assertThat(((PolicyViolationException) e).rule()).isEqualTo("drop-column"));
        // every outcome is told before the refusal is thrown
        assertThat(told).containsExactly("drop-column REFUSED", "rename-column WARNED");
    }

    @Test
    void anAllowCommentAllowsThatOperationOnly() throws Exception {
        enforce("ALTER TABLE a /* safemigrate:allow drop-column */ DROP COLUMN b",
                Map.of("safemigrate.policy.default", "refuse"), DROP);

        assertThat(told).containsExactly("drop-column ALLOWED");
        assertThatThrownBy(() -> enforce("ALTER TABLE a /* safemigrate:allow drop-column */ DROP COLUMN b",
                Map.of("safemigrate.policy.default", "refuse"), DROP, RENAME))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("[rename-column]")
                .hasMessageNotContaining("[drop-column]");
    }

    private void enforce(String sql, Map<String, String> settings, Finding... findings) throws Exception {
        SqlStatement statement = PG.parse(sql).first();
        Settings resolved = SettingsResolver.resolve(settings, new Properties(), new Properties(), new Properties());
        RuleContext context = new RuleContext() {
            @Override
            public Settings settings() {
                return resolved;
            }

            @Override
            public Catalog catalog() {
                return null;
            }

            @Override
            public boolean inTransaction() {
                return false;
            }

            @Override
            public boolean createdInTransaction(QualifiedName table) {
                return false;
            }

            @Override
            public void decided(Finding finding, PolicyOutcome outcome) {
                told.add(finding.operation().rule + " " + outcome);
            }
        };
        PolicyEnforcement.enforce(statement, new Decision.Findings(new PolicyRules(), Dialect.POSTGRESQL,
                List.of(findings)), context);
    }
}
