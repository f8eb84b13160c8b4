package dev.safemigrate.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * Metadata of the real database (tools such as Flyway pick their database type from the product
 * name), except that it leads back to the wrapper: {@link #getConnection()} returns it (p6spy's
 * metadata leaks the raw connection, bypassing every rule) and {@link #getURL()} is the URL the
 * user gave.
 */
final class SafeDatabaseMetaData extends DelegatingDatabaseMetaData {
    private final Connection owner;
    private final String userUrl;

    SafeDatabaseMetaData(DatabaseMetaData metaData, Connection owner, String userUrl) {
        super(metaData);
        this.owner = owner;
        this.userUrl = userUrl;
    }

    @Override
    public Connection getConnection() {
        return owner;
    }

    @Override
    public String getURL() {
        return userUrl;
    }
}
