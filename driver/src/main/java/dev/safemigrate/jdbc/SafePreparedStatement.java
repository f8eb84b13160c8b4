package dev.safemigrate.jdbc;

import dev.safemigrate.sql.ParsedSql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A prepared statement: its SQL was classified once, at prepare time, so executing it costs
 * nothing more than the real call unless it is DDL.
 */
class SafePreparedStatement extends DelegatingPreparedStatement {
    final ParsedSql parsed;
    /** Prepared with a request for generated keys: the caller may read values a replay would change. */
    boolean returnsGeneratedKeys;
    private boolean batched;

    SafePreparedStatement(SafeConnection owner, PreparedStatement prepared, ParsedSql parsed) {
        super(owner, prepared);
        this.parsed = parsed;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        ResultSet rs = parsed.containsDdl() ? owner.runDdl(parsed, prepared::executeQuery, null) : prepared.executeQuery();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return wrap(rs);
    }

    @Override
    public int executeUpdate() throws SQLException {
        int result = parsed.containsDdl() ? owner.runDdl(parsed, prepared::executeUpdate, null) : prepared.executeUpdate();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return result;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        long result = parsed.containsDdl() ? owner.runDdl(parsed, prepared::executeLargeUpdate, null)
                : prepared.executeLargeUpdate();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return result;
    }

    @Override
    public boolean execute() throws SQLException {
        boolean result = parsed.containsDdl() ? owner.runDdl(parsed, prepared::execute, null) : prepared.execute();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return result;
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
        batched = true;
    }

    @Override
    public void clearBatch() throws SQLException {
        prepared.clearBatch();
        batched = false;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        if (!batched) {
            // Only SQL-text batches were added (Statement.addBatch(String)): the parent handles them.
            return super.executeBatch();
        }
        batched = false;
        int[] counts = parsed.containsDdl() ? owner.runDdlBatch(parsed, prepared::executeBatch) : prepared.executeBatch();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return counts;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        if (!batched) {
            return super.executeLargeBatch();
        }
        batched = false;
        long[] counts = parsed.containsDdl() ? owner.runDdlBatch(parsed, prepared::executeLargeBatch)
                : prepared.executeLargeBatch();
        owner.afterPrepared(parsed, returnsGeneratedKeys);
        return counts;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return prepared.getMetaData();
    }
}
