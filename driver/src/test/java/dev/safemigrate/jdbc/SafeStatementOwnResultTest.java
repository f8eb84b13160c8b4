package dev.safemigrate.jdbc;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * After the driver ran a statement on statements of its own (a rewrite plan's safe form, or batches), the
 * caller's statement reports that execution's result itself. The real statement executed nothing: MariaDB's
 * client throws a NullPointerException from {@code getMoreResults()} on such a statement (found under
 * Liquibase, which drains the results of every statement it executes), and a reused one would report its
 * previous execution. Here the real statement records every call and fails as MariaDB's did.
 */
class SafeStatementOwnResultTest {
    private final List<String> realCalls = new ArrayList<>();
    private final Statement neverRan = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                realCalls.add(method.getName());
                switch (method.getName()) {
                    case "getMoreResults":
                    case "getUpdateCount":
                    case "getLargeUpdateCount":
                    case "getResultSet":
                        // org.mariadb.jdbc.Statement on a statement that never executed
                        throw new NullPointerException("Cannot invoke \"java.util.List.size()\" because \"this.results\" is null");
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    @Test
    void aRewrittenDdlReportsNoResultSetACountOfZeroAndThenNoMoreResults() throws Exception {
        SafeStatement st = new SafeStatement(null, neverRan);
        st.ranOnItsOwn(0);
        // what Liquibase's JdbcExecutor does after execute(sql) returned false
        assertThat(st.getResultSet()).isNull();
        assertThat(st.getUpdateCount()).isZero();
        assertThat(st.getLargeUpdateCount()).isZero();
        assertThat(st.getMoreResults()).isFalse();
        assertThat(st.getUpdateCount()).as("past its one result: no more results").isEqualTo(-1);
        assertThat(st.getMoreResults(Statement.CLOSE_CURRENT_RESULT)).isFalse();
        assertThat(st.getLargeUpdateCount()).isEqualTo(-1);
        assertThat(realCalls).as("the real statement, which never ran, is not asked").isEmpty();
    }

    @Test
    void aBatchedStatementReportsItsRowCountClampedToAnInt() throws Exception {
        SafeStatement st = new SafeStatement(null, neverRan);
        st.ranOnItsOwn(3_000_000_000L);
        assertThat(st.getUpdateCount()).isEqualTo(Integer.MAX_VALUE);
        assertThat(st.getLargeUpdateCount()).isEqualTo(3_000_000_000L);
        assertThat(st.getMoreResults(Statement.KEEP_CURRENT_RESULT)).isFalse();
        assertThat(st.getUpdateCount()).isEqualTo(-1);
        assertThat(realCalls).isEmpty();
    }

    @Test
    void otherwiseTheRealStatementAnswers() {
        SafeStatement st = new SafeStatement(null, neverRan);
        assertThatThrownBy(st::getMoreResults).isInstanceOf(NullPointerException.class);
        assertThat(realCalls).containsExactly("getMoreResults");
    }
}
