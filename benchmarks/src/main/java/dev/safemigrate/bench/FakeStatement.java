package dev.safemigrate.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLWarning;

/**
 * Both the plain and the prepared statement of the fake driver. Every query returns the same
 * {@link FakeResultSet} instance, rewound: executing allocates nothing.
 */
final class FakeStatement extends UnsupportedPreparedStatement {
    private final FakeConnection connection;
    private final FakeResultSet resultSet = new FakeResultSet(this);
    private boolean closed;

    FakeStatement(FakeConnection connection) {
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery(String sql) {
        return resultSet.rewind();
    }

    @Override
    public ResultSet executeQuery() {
        return resultSet.rewind();
    }

    @Override
    public boolean execute(String sql) {
        resultSet.rewind();
        return true;
    }

    @Override
    public boolean execute() {
        resultSet.rewind();
        return true;
    }

    @Override
    public ResultSet getResultSet() {
        return resultSet;
    }

    @Override
    public int getUpdateCount() {
        return -1;
    }

    @Override
    public boolean getMoreResults() {
        return false;
    }

    @Override
    public void setInt(int parameterIndex, int x) {
    }

    @Override
    public void setLong(int parameterIndex, long x) {
    }

    @Override
    public void clearParameters() {
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
