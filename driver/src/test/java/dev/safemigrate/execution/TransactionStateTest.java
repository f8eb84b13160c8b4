package dev.safemigrate.execution;

import dev.safemigrate.sql.DdlKind;
import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.DmlKind;
import dev.safemigrate.sql.ParsedSql;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.sql.SqlStatement;
import dev.safemigrate.sql.StatementKind;
import dev.safemigrate.sql.TransactionKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionStateTest {

    private static ParsedSql of(SqlStatement... statements) {
        StringBuilder sql = new StringBuilder();
        for (SqlStatement s : statements) {
            sql.append(s.text());
        }
        return new ParsedSql(sql.toString(), List.of(statements));
    }

    private static SqlStatement ddl(String text, DdlKind kind, String table) {
        return new SqlStatement(text, 0, Dialect.POSTGRESQL, StatementKind.DDL, kind, null, null,
                table == null ? null : new QualifiedName(null, table, table), null, false, false, false, false, null);
    }

    private static SqlStatement dml(String text, boolean returning) {
        return new SqlStatement(text, 0, Dialect.POSTGRESQL, StatementKind.DML, null, DmlKind.UPDATE, null,
                new QualifiedName(null, "t", "t"), null, true, false, returning, false, null);
    }

    private static SqlStatement of(StatementKind kind, String text) {
        return new SqlStatement(text, 0, Dialect.POSTGRESQL, kind, null, null, null, null, null, false, false, false, false, null);
    }

    private static SqlStatement tx(TransactionKind kind, String text) {
        return new SqlStatement(text, 0, Dialect.POSTGRESQL, StatementKind.TRANSACTION, null, null, kind, null, null, false, false, false, false, null);
    }

    @Test
    void autocommitOffIsATransactionAndItsDdlSetAndDmlAreReplayable() {
        TransactionState state = new TransactionState(false, 100);
        assertThat(state.inTransaction()).isTrue();
        state.afterStatement(of(of(StatementKind.SET, "SET search_path = app")), false);
        state.afterStatement(of(ddl("CREATE TABLE audit (id int)", DdlKind.CREATE_TABLE, "audit")), false);
        state.afterStatement(of(dml("UPDATE t SET n = n + 1", false)), true);
        assertThat(state.journal().replayable()).isTrue();
        assertThat(state.journal().entries()).extracting(e -> e.sql().sql())
                .containsExactly("SET search_path = app", "CREATE TABLE audit (id int)", "UPDATE t SET n = n + 1");
        assertThat(state.journal().entries()).extracting(TransactionJournal.Entry::escapeProcessing)
                .containsExactly(false, false, true);
        assertThat(state.journal().createdTables()).extracting(QualifiedName::name).containsExactly("audit");
    }

    @Test
    void aQueryOrReturningMakesTheTransactionNotReplayableButCreatedTablesAreStillKnown() {
        TransactionState state = new TransactionState(false, 100);
        state.afterStatement(of(of(StatementKind.QUERY, "SELECT * FROM t")), true);
        assertThat(state.journal().replayable()).isFalse();
        assertThat(state.journal().whyNotReplayable()).contains("query").contains("SELECT * FROM t");
        state.afterStatement(of(ddl("CREATE TABLE x (id int)", DdlKind.CREATE_TABLE, "x")), true);
        assertThat(state.journal().createdTables()).extracting(QualifiedName::name).containsExactly("x");
        assertThat(state.journal().entries()).isEmpty();

        TransactionState returning = new TransactionState(false, 100);
        returning.afterStatement(of(dml("UPDATE t SET n = 1 RETURNING n", true)), true);
        assertThat(returning.journal().whyNotReplayable()).contains("returned rows");
    }

    @Test
    void materializedViewsCreatedInTheTransactionCountAsCreatedThere() {
        TransactionState state = new TransactionState(false, 100);
        state.afterStatement(of(ddl("CREATE MATERIALIZED VIEW totals AS SELECT 1", DdlKind.CREATE_MATERIALIZED_VIEW,
                "totals")), true);
        state.afterStatement(of(ddl("CREATE VIEW v AS SELECT 1", DdlKind.CREATE_VIEW, "v")), true);
        assertThat(state.journal().createdTables()).extracting(QualifiedName::name).containsExactly("totals");
    }

    @Test
    void theJournalIsBounded() {
        TransactionState state = new TransactionState(false, 2);
        state.afterStatement(of(dml("UPDATE t SET n = 1", false)), true);
        state.afterStatement(of(dml("UPDATE t SET n = 2", false)), true);
        assertThat(state.journal().replayable()).isTrue();
        state.afterStatement(of(dml("UPDATE t SET n = 3", false)), true);
        assertThat(state.journal().replayable()).isFalse();
        assertThat(state.journal().whyNotReplayable()).contains("more than 2 statements");
        assertThat(state.journal().entries()).isEmpty();
    }

    @Test
    void aZeroLimitTurnsReplayOff() {
        TransactionState state = new TransactionState(false, 0);
        assertThat(state.journal().replayable()).isFalse();
        assertThat(state.journal().whyNotReplayable()).contains("journalLimit=0");
    }

    @Test
    void commitRollbackAndAutocommitEndTheTransaction() {
        TransactionState state = new TransactionState(false, 10);
        state.afterStatement(of(of(StatementKind.QUERY, "SELECT 1")), true);
        state.transactionEnded();
        assertThat(state.journal().replayable()).isTrue();
        state.afterStatement(of(of(StatementKind.QUERY, "SELECT 1")), true);
        state.autoCommitSet(true);
        assertThat(state.inTransaction()).isFalse();
        assertThat(state.journal().replayable()).isTrue();
    }

    @Test
    void beginAndCommitSentAsSqlAreFollowed() {
        TransactionState state = new TransactionState(true, 10);
        state.afterStatement(of(dml("UPDATE t SET n = 1", false)), true);
        assertThat(state.journal().entries()).as("autocommit: nothing to journal").isEmpty();
        state.afterStatement(of(tx(TransactionKind.BEGIN, "BEGIN")), true);
        assertThat(state.inTransaction()).isTrue();
        assertThat(state.explicitTransaction()).isTrue();
        state.afterStatement(of(dml("UPDATE t SET n = 2", false)), true);
        assertThat(state.journal().entries()).hasSize(1);
        state.afterStatement(of(tx(TransactionKind.COMMIT, "COMMIT")), true);
        assertThat(state.inTransaction()).isFalse();
        assertThat(state.journal().entries()).isEmpty();
    }

    @Test
    void savepointsAreNotReplayed() {
        TransactionState state = new TransactionState(false, 10);
        state.afterStatement(of(tx(TransactionKind.SAVEPOINT, "SAVEPOINT a")), true);
        assertThat(state.journal().replayable()).isFalse();
        assertThat(state.journal().whyNotReplayable()).contains("SAVEPOINT");
    }
}
