package dev.safemigrate.jdbc;

import java.sql.ResultSet;
import java.sql.Statement;

/** A result set whose {@link #getStatement()} returns the wrapper, never the real statement. */
final class SafeResultSet extends DelegatingResultSet {
    private final Statement owner;

    SafeResultSet(ResultSet resultSet, Statement owner) {
        super(resultSet);
        this.owner = owner;
    }

    @Override
    public Statement getStatement() {
        return owner;
    }
}
