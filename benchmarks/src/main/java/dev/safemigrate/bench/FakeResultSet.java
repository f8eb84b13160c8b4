package dev.safemigrate.bench;

import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;

/** One constant row {@code (42, 'alice')}; {@link #rewind()} makes it readable again without allocating. */
final class FakeResultSet extends UnsupportedResultSet {
    private static final long ID = 42L;
    private static final String NAME = "alice";

    private final Statement statement;
    /** 0 before the row, 1 on it, 2 after it. */
    private int position;

    FakeResultSet(Statement statement) {
        this.statement = statement;
    }

    ResultSet rewind() {
        position = 0;
        return this;
    }

    @Override
    public boolean next() {
        if (position < 2) {
            position++;
        }
        return position == 1;
    }

    @Override
    public long getLong(int columnIndex) {
        return ID;
    }

    @Override
    public int getInt(int columnIndex) {
        return (int) ID;
    }

    @Override
    public String getString(int columnIndex) {
        return NAME;
    }

    @Override
    public boolean wasNull() {
        return false;
    }

    @Override
    public Statement getStatement() {
        return statement;
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
        return false; // reusable: closing it is a no-op
    }

    @Override
    public void close() {
    }
}
