package dev.safemigrate.bench;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLWarning;
import java.sql.Statement;

/** A connection to nothing: autocommit on, hands out {@link FakeStatement}s. */
final class FakeConnection extends UnsupportedConnection {
    private boolean autoCommit = true;
    private boolean closed;

    @Override
    public Statement createStatement() {
        return new FakeStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) {
        return new FakeStatement(this);
    }

    @Override
    public DatabaseMetaData getMetaData() {
        return FakeDriver.metaData(this);
    }

    @Override
    public boolean getAutoCommit() {
        return autoCommit;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    @Override
    public void commit() {
    }

    @Override
    public void rollback() {
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeout) {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
    }
}
