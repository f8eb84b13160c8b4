package dev.safemigrate.execution;

import java.sql.SQLException;

/** The original JDBC call (e.g. {@code realStatement.execute(sql)}), run by the engine once per attempt. */
@FunctionalInterface
public interface SqlCall<T> {
    T call() throws SQLException;
}
