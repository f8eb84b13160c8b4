package dev.safemigrate.dialect.mysql;

import dev.safemigrate.dialect.Catalog;

import java.sql.SQLException;

/** What MySQL/MariaDB rules read besides the common catalog facts. */
public interface MySqlFacts extends Catalog {
    /** The server's family and version. */
    MySqlServer server() throws SQLException;
}
