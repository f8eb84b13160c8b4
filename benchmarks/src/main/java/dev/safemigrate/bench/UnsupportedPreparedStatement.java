package dev.safemigrate.bench;

import java.sql.*;
import java.util.Map;

// Generated once from the java.sql.PreparedStatement interface (JDK 17) by reflection; do not edit by hand.
/** Every abstract method of {@link PreparedStatement} throws; the fake overrides only what the benchmarks use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedPreparedStatement implements PreparedStatement {
    static SQLFeatureNotSupportedException unsupported() {
        return new SQLFeatureNotSupportedException("not implemented by the benchmark's fake driver");
    }

    @Override public void addBatch() throws SQLException { throw unsupported(); }
    @Override public void addBatch(String a0) throws SQLException { throw unsupported(); }
    @Override public void cancel() throws SQLException { throw unsupported(); }
    @Override public void clearBatch() throws SQLException { throw unsupported(); }
    @Override public void clearParameters() throws SQLException { throw unsupported(); }
    @Override public void clearWarnings() throws SQLException { throw unsupported(); }
    @Override public void close() throws SQLException { throw unsupported(); }
    @Override public void closeOnCompletion() throws SQLException { throw unsupported(); }
    @Override public boolean execute() throws SQLException { throw unsupported(); }
    @Override public boolean execute(String a0) throws SQLException { throw unsupported(); }
    @Override public boolean execute(String a0, String[] a1) throws SQLException { throw unsupported(); }
    @Override public boolean execute(String a0, int a1) throws SQLException { throw unsupported(); }
    @Override public boolean execute(String a0, int[] a1) throws SQLException { throw unsupported(); }
    @Override public int[] executeBatch() throws SQLException { throw unsupported(); }
    @Override public ResultSet executeQuery() throws SQLException { throw unsupported(); }
    @Override public ResultSet executeQuery(String a0) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate() throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String a0) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String a0, String[] a1) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String a0, int a1) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String a0, int[] a1) throws SQLException { throw unsupported(); }
    @Override public Connection getConnection() throws SQLException { throw unsupported(); }
    @Override public int getFetchDirection() throws SQLException { throw unsupported(); }
    @Override public int getFetchSize() throws SQLException { throw unsupported(); }
    @Override public ResultSet getGeneratedKeys() throws SQLException { throw unsupported(); }
    @Override public int getMaxFieldSize() throws SQLException { throw unsupported(); }
    @Override public int getMaxRows() throws SQLException { throw unsupported(); }
    @Override public ResultSetMetaData getMetaData() throws SQLException { throw unsupported(); }
    @Override public boolean getMoreResults() throws SQLException { throw unsupported(); }
    @Override public boolean getMoreResults(int a0) throws SQLException { throw unsupported(); }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException { throw unsupported(); }
    @Override public int getQueryTimeout() throws SQLException { throw unsupported(); }
    @Override public ResultSet getResultSet() throws SQLException { throw unsupported(); }
    @Override public int getResultSetConcurrency() throws SQLException { throw unsupported(); }
    @Override public int getResultSetHoldability() throws SQLException { throw unsupported(); }
    @Override public int getResultSetType() throws SQLException { throw unsupported(); }
    @Override public int getUpdateCount() throws SQLException { throw unsupported(); }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported(); }
    @Override public boolean isCloseOnCompletion() throws SQLException { throw unsupported(); }
    @Override public boolean isClosed() throws SQLException { throw unsupported(); }
    @Override public boolean isPoolable() throws SQLException { throw unsupported(); }
    @Override public boolean isWrapperFor(Class<?> a0) throws SQLException { throw unsupported(); }
    @Override public void setArray(int a0, Array a1) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int a0, Blob a1) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int a0, java.io.InputStream a1) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setBoolean(int a0, boolean a1) throws SQLException { throw unsupported(); }
    @Override public void setByte(int a0, byte a1) throws SQLException { throw unsupported(); }
    @Override public void setBytes(int a0, byte[] a1) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setClob(int a0, Clob a1) throws SQLException { throw unsupported(); }
    @Override public void setClob(int a0, java.io.Reader a1) throws SQLException { throw unsupported(); }
    @Override public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setCursorName(String a0) throws SQLException { throw unsupported(); }
    @Override public void setDate(int a0, Date a1) throws SQLException { throw unsupported(); }
    @Override public void setDate(int a0, Date a1, java.util.Calendar a2) throws SQLException { throw unsupported(); }
    @Override public void setDouble(int a0, double a1) throws SQLException { throw unsupported(); }
    @Override public void setEscapeProcessing(boolean a0) throws SQLException { throw unsupported(); }
    @Override public void setFetchDirection(int a0) throws SQLException { throw unsupported(); }
    @Override public void setFetchSize(int a0) throws SQLException { throw unsupported(); }
    @Override public void setFloat(int a0, float a1) throws SQLException { throw unsupported(); }
    @Override public void setInt(int a0, int a1) throws SQLException { throw unsupported(); }
    @Override public void setLong(int a0, long a1) throws SQLException { throw unsupported(); }
    @Override public void setMaxFieldSize(int a0) throws SQLException { throw unsupported(); }
    @Override public void setMaxRows(int a0) throws SQLException { throw unsupported(); }
    @Override public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException { throw unsupported(); }
    @Override public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int a0, NClob a1) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int a0, java.io.Reader a1) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException { throw unsupported(); }
    @Override public void setNString(int a0, String a1) throws SQLException { throw unsupported(); }
    @Override public void setNull(int a0, int a1) throws SQLException { throw unsupported(); }
    @Override public void setNull(int a0, int a1, String a2) throws SQLException { throw unsupported(); }
    @Override public void setObject(int a0, Object a1) throws SQLException { throw unsupported(); }
    @Override public void setObject(int a0, Object a1, int a2) throws SQLException { throw unsupported(); }
    @Override public void setObject(int a0, Object a1, int a2, int a3) throws SQLException { throw unsupported(); }
    @Override public void setPoolable(boolean a0) throws SQLException { throw unsupported(); }
    @Override public void setQueryTimeout(int a0) throws SQLException { throw unsupported(); }
    @Override public void setRef(int a0, Ref a1) throws SQLException { throw unsupported(); }
    @Override public void setRowId(int a0, RowId a1) throws SQLException { throw unsupported(); }
    @Override public void setSQLXML(int a0, SQLXML a1) throws SQLException { throw unsupported(); }
    @Override public void setShort(int a0, short a1) throws SQLException { throw unsupported(); }
    @Override public void setString(int a0, String a1) throws SQLException { throw unsupported(); }
    @Override public void setTime(int a0, Time a1) throws SQLException { throw unsupported(); }
    @Override public void setTime(int a0, Time a1, java.util.Calendar a2) throws SQLException { throw unsupported(); }
    @Override public void setTimestamp(int a0, Timestamp a1) throws SQLException { throw unsupported(); }
    @Override public void setTimestamp(int a0, Timestamp a1, java.util.Calendar a2) throws SQLException { throw unsupported(); }
    @Override public void setURL(int a0, java.net.URL a1) throws SQLException { throw unsupported(); }
    @Override public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException { throw unsupported(); }
    @Override public <T> T unwrap(Class<T> a0) throws SQLException { throw unsupported(); }
}
