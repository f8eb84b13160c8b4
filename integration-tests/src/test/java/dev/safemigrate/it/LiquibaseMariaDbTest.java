package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static dev.safemigrate.it.support.Sessions.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase 4.33 through {@code jdbc:safemigrate:mysql:}/{@code mariadb:} opened from the URL alone:
 * the stock Liquibase type for the server runs the changelog, the bookkeeping is intact, and the
 * session's {@code lock_wait_timeout} is back to its value afterwards.
 */
@RealDatabase(Engine.MYSQL)
class LiquibaseMariaDbTest {
    /**
     * The changelog's addForeignKeyConstraint copies the 20,000-row table on MariaDB (with foreign_key_checks on,
     * no in-place form exists), which the online-DDL rule refuses by default (MySqlOnlineDdlTest); here it is
     * warned about and run as written, so the whole changelog runs.
     */
    private static final String PARAMS = "safemigrate.rewrite.minRows=1000&safemigrate.batch.minRows=1000"
            + "&safemigrate.lockTimeout=1s&safemigrate.policy.copyingAlter=warn";

    private final TestDatabase db;

    LiquibaseMariaDbTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws SQLException {
        db.execute("DROP TABLE IF EXISTS items", "DROP TABLE IF EXISTS customers",
                "DROP TABLE IF EXISTS DATABASECHANGELOG", "DROP TABLE IF EXISTS DATABASECHANGELOGLOCK");
    }

    @Test
    void theUrlAloneRunsTheChangelogWithTheStockDatabaseType() throws Exception {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        assertThat(factory.findDefaultDriver(db.safeUrl())).isEqualTo("dev.safemigrate.jdbc.SafeMigrateDriver");

        Class<?> stockType;
        Database plain = factory.openDatabase(db.bareUrl(), db.user(), db.password(), null, new ClassLoaderResourceAccessor());
        try {
            stockType = plain.getClass();
            assertThat(stockType.getName()).isIn("liquibase.database.core.MariaDBDatabase",
                    "liquibase.database.core.MySQLDatabase");
        } finally {
            plain.close();
        }

        Database safe = factory.openDatabase(db.safeUrl(PARAMS), db.user(), db.password(), null,
                new ClassLoaderResourceAccessor());
        try {
            assertThat(safe.getClass()).as("the same stock type as the plain URL").isEqualTo(stockType);
            Connection c = ((JdbcConnection) safe.getConnection()).getUnderlyingConnection();
            assertThat(c.getClass().getName()).isEqualTo("dev.safemigrate.jdbc.SafeConnection");
            long before = queryLong(c, "SELECT @@session.lock_wait_timeout");
            new Liquibase("liquibase/mariadb-main.xml", new ClassLoaderResourceAccessor(), safe).update(new Contexts());
            assertThat(queryLong(c, "SELECT @@session.lock_wait_timeout"))
                    .as("the session's lock_wait_timeout after the changelog").isEqualTo(before);
        } finally {
            safe.close();
        }

        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE EXECTYPE = 'EXECUTED'")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                + db.schema() + "' AND INDEX_NAME = 'items_note_idx'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '"
                + db.schema() + "' AND CONSTRAINT_NAME = 'fk_items_customer' AND CONSTRAINT_TYPE = 'FOREIGN KEY'"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty IS NULL")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(20_000);
    }
}
