package dev.safemigrate.bench;

import java.sql.*;
import java.util.Map;

// Generated once from the java.sql.Connection interface (JDK 17) by reflection; do not edit by hand.
/** Every abstract method of {@link Connection} throws; the fake overrides only what the benchmarks use. */
@SuppressWarnings("deprecation")
abstract class UnsupportedConnection implements Connection {
    static SQLFeatureNotSupportedException unsupported() {
        return new SQLFeatureNotSupportedException("not implemented by the benchmark's fake driver");
    }

    @Override public void abort(java.util.concurrent.Executor a0) throws SQLException { throw unsupported(); }
    @Override public void clearWarnings() throws SQLException { throw unsupported(); }
    @Override public void close() throws SQLException { throw unsupported(); }
    @Override public void commit() throws SQLException { throw unsupported(); }
    @Override public Array createArrayOf(String a0, Object[] a1) throws SQLException { throw unsupported(); }
    @Override public Blob createBlob() throws SQLException { throw unsupported(); }
    @Override public Clob createClob() throws SQLException { throw unsupported(); }
    @Override public NClob createNClob() throws SQLException { throw unsupported(); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported(); }
    @Override public Statement createStatement() throws SQLException { throw unsupported(); }
    @Override public Statement createStatement(int a0, int a1) throws SQLException { throw unsupported(); }
    @Override public Statement createStatement(int a0, int a1, int a2) throws SQLException { throw unsupported(); }
    @Override public Struct createStruct(String a0, Object[] a1) throws SQLException { throw unsupported(); }
    @Override public boolean getAutoCommit() throws SQLException { throw unsupported(); }
    @Override public String getCatalog() throws SQLException { throw unsupported(); }
    @Override public java.util.Properties getClientInfo() throws SQLException { throw unsupported(); }
    @Override public String getClientInfo(String a0) throws SQLException { throw unsupported(); }
    @Override public int getHoldability() throws SQLException { throw unsupported(); }
    @Override public DatabaseMetaData getMetaData() throws SQLException { throw unsupported(); }
    @Override public int getNetworkTimeout() throws SQLException { throw unsupported(); }
    @Override public String getSchema() throws SQLException { throw unsupported(); }
    @Override public int getTransactionIsolation() throws SQLException { throw unsupported(); }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { throw unsupported(); }
    @Override public SQLWarning getWarnings() throws SQLException { throw unsupported(); }
    @Override public boolean isClosed() throws SQLException { throw unsupported(); }
    @Override public boolean isReadOnly() throws SQLException { throw unsupported(); }
    @Override public boolean isValid(int a0) throws SQLException { throw unsupported(); }
    @Override public boolean isWrapperFor(Class<?> a0) throws SQLException { throw unsupported(); }
    @Override public String nativeSQL(String a0) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String a0) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0, int a1) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException { throw unsupported(); }
    @Override public void releaseSavepoint(Savepoint a0) throws SQLException { throw unsupported(); }
    @Override public void rollback() throws SQLException { throw unsupported(); }
    @Override public void rollback(Savepoint a0) throws SQLException { throw unsupported(); }
    @Override public void setAutoCommit(boolean a0) throws SQLException { throw unsupported(); }
    @Override public void setCatalog(String a0) throws SQLException { throw unsupported(); }
    @Override public void setClientInfo(String a0, String a1) throws SQLClientInfoException { throw new UnsupportedOperationException(); }
    @Override public void setClientInfo(java.util.Properties a0) throws SQLClientInfoException { throw new UnsupportedOperationException(); }
    @Override public void setHoldability(int a0) throws SQLException { throw unsupported(); }
    @Override public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws SQLException { throw unsupported(); }
    @Override public void setReadOnly(boolean a0) throws SQLException { throw unsupported(); }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported(); }
    @Override public Savepoint setSavepoint(String a0) throws SQLException { throw unsupported(); }
    @Override public void setSchema(String a0) throws SQLException { throw unsupported(); }
    @Override public void setTransactionIsolation(int a0) throws SQLException { throw unsupported(); }
    @Override public void setTypeMap(Map<String, Class<?>> a0) throws SQLException { throw unsupported(); }
    @Override public <T> T unwrap(Class<T> a0) throws SQLException { throw unsupported(); }
}
