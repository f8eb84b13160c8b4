package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.GeneralLog;
import dev.safemigrate.it.support.MySqlSchema;
import dev.safemigrate.it.support.Writer;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static dev.safemigrate.it.support.Sessions.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Liquibase 4.33 through {@code jdbc:safemigrate:mysql:}/{@code mariadb:} opened from the URL alone, with the
 * driver's default settings: the stock Liquibase type for the server runs {@code liquibase/mariadb-main.xml}
 * (one changeset per rule family on a 20,000-row table) while another session keeps inserting; the online
 * form of each change is what reached the server (the general log), Liquibase's lock and history statements
 * pass as written, the {@code runInTransaction="false"} backfill runs in batches, and the writer is never
 * stalled for the lock timeout. A foreign key written the plain way is refused with Liquibase's usual error,
 * not recorded, and the fixed changelog converges.
 */
@RealDatabase(Engine.MYSQL)
class LiquibaseMariaDbTest {
    /** The lock timeout (1 s, the default): a writer waiting that long would mean a DDL queued it behind a lock. */
    private static final long MAX_STALL_MS = 1000;
    private static final int ROWS = 20_000;
    private static final int CHANGESETS = 11;
    private static final String INSERT = "INSERT INTO items (note, qty, customer_id) VALUES ('w', 1, 1)";

    private final TestDatabase db;

    LiquibaseMariaDbTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws SQLException {
        MySqlSchema.recreate(db);
    }

    /** Liquibase as a user starts it: from the URL, no driver class named. */
    private Database open() throws LiquibaseException {
        return open(db.safeUrl());
    }

    private Database open(String url) throws LiquibaseException {
        return DatabaseFactory.getInstance().openDatabase(url, db.user(), db.password(), null,
                new ClassLoaderResourceAccessor());
    }

    private static Liquibase liquibase(String changelog, Database database) {
        return new Liquibase(changelog, new ClassLoaderResourceAccessor(), database);
    }

    @Test
    void theUrlAloneOpensTheStockDatabaseTypeOverASafemigrateConnection() throws Exception {
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
        Database safe = open();
        try {
            assertThat(safe.getClass()).as("the same stock type as the plain URL").isEqualTo(stockType);
            assertThat(((JdbcConnection) safe.getConnection()).getUnderlyingConnection().getClass().getName())
                    .isEqualTo("dev.safemigrate.jdbc.SafeConnection");
        } finally {
            safe.close();
        }
    }

    @ParameterizedTest(name = "jdbc:safemigrate:{0}:")
    @ValueSource(strings = {"mysql", "mariadb"})
    void theChangelogRunsOnlineWhileAWriterKeepsInserting(String subprotocol) throws Exception {
        String url = db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + subprotocol + ":");
        assertThat(url).startsWith("jdbc:safemigrate:" + subprotocol + "://");
        long worst;
        long writes;
        List<String> statements;
        Database database = open(url);
        try (GeneralLog log = GeneralLog.start(db)) {
            Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
            long session = queryLong(c, "SELECT CONNECTION_ID()");
            long lockWaitBefore = queryLong(c, "SELECT @@session.lock_wait_timeout");
            Liquibase lb = liquibase("liquibase/mariadb-main.xml", database);
            lb.update(2, new Contexts(), new LabelExpression()); // the tables and their rows
            assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(ROWS);
            try (Writer writer = new Writer(db.openBare(), INSERT, 300)) {
                Thread.sleep(200);
                writer.resetWorst();
                lb.update(new Contexts());
                worst = writer.worstMillis();
                writes = writer.writes();
            }
            statements = log.statements(session);
            assertThat(queryLong(c, "SELECT @@session.lock_wait_timeout"))
                    .as("the session's lock_wait_timeout after the changelog").isEqualTo(lockWaitBefore);
        } finally {
            database.close();
        }
        System.out.printf("[safemigrate-it] LiquibaseMariaDbTest %s on %s: writer's worst insert %d ms over %d inserts%n",
                url.substring(0, url.indexOf("//")), db.serverVersion(), worst, writes);
        assertThat(writes).as("the writer kept going").isGreaterThan(10);
        assertThat(worst).as("the writer's worst insert, ms").isLessThan(MAX_STALL_MS);

        List<String> ddl = statements.stream().filter(s -> s.matches("(?is)\\s*(ALTER|CREATE|DROP)\\s.*")).toList();
        System.out.println("[safemigrate-it] LiquibaseMariaDbTest: DDL as it reached the server: " + ddl);
        assertThat(ddl).as("the DDL that reached the server").containsSubsequence(
                "ALTER TABLE " + db.schema() + ".items ADD flag TINYINT NULL, ALGORITHM=INSTANT",
                "CREATE INDEX items_note_idx ON " + db.schema() + ".items(note) ALGORITHM=INPLACE LOCK=NONE",
                "ALTER TABLE `" + db.schema() + "`.`items` DROP INDEX `items_old_idx`, ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE " + db.schema() + ".items ADD CONSTRAINT fk_items_customer FOREIGN KEY (customer_id)"
                        + " REFERENCES " + db.schema() + ".customers (id), ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE " + db.schema() + ".items MODIFY qty INT NOT NULL, ALGORITHM=INSTANT",
                "ALTER TABLE " + db.schema() + ".items MODIFY qty INT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE " + db.schema() + ".items CHANGE legacy legacy_old VARCHAR(20), ALGORITHM=INSTANT",
                "ALTER TABLE " + db.schema() + ".items DROP COLUMN legacy_old, ALGORITHM=INSTANT",
                "DROP TABLE " + db.schema() + ".scratch");
        assertThat(ddl.stream().filter(s -> s.matches("(?is)\\s*(ALTER TABLE|CREATE INDEX|DROP INDEX)\\s.*\\bitems\\b.*")))
                .as("every change of items asked for an online algorithm")
                .allSatisfy(s -> assertThat(s).containsAnyOf("ALGORITHM=INSTANT", "ALGORITHM=INPLACE"));
        assertThat(statements.stream().filter(s -> s.startsWith("UPDATE items SET qty = 0")).toList())
                .as("the runInTransaction=false backfill, in keyset batches").hasSizeGreaterThan(1)
                .allSatisfy(s -> assertThat(s).contains("WHERE (qty IS NULL) AND (").contains("`id` <= "));
        assertThat(statements.stream().filter(s -> s.contains("DATABASECHANGELOGLOCK SET `LOCKED` = 1")).toList())
                .as("Liquibase's lock, as Liquibase wrote it").isNotEmpty()
                .allSatisfy(s -> assertThat(s).doesNotContain("ALGORITHM").doesNotContain("`id` <="));
        assertThat(statements.stream().filter(s -> s.startsWith("INSERT INTO " + db.schema() + ".DATABASECHANGELOG ("))
                .toList()).as("Liquibase's history rows, one statement per changeset").hasSize(CHANGESETS);

        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE EXECTYPE = 'EXECUTED'"))
                .isEqualTo(CHANGESETS);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED")).isZero();
        assertThat(MySqlSchema.columnType(db, "items", "flag")).isEqualTo("tinyint(4) YES");
        assertThat(MySqlSchema.indexExists(db, "items", "items_note_idx")).isTrue();
        assertThat(MySqlSchema.indexExists(db, "items", "items_old_idx")).isFalse();
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "fk_items_customer")).isTrue();
        assertThat(MySqlSchema.columnType(db, "items", "qty")).isEqualTo("int(11) NO");
        assertThat(MySqlSchema.columnType(db, "items", "legacy")).isNull();
        assertThat(MySqlSchema.columnType(db, "items", "legacy_old")).isNull();
        assertThat(MySqlSchema.tableExists(db, "scratch")).isFalse();
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE qty = 0")).as("backfilled").isEqualTo(ROWS);
    }

    @Test
    void aRefusedChangesetIsReportedAsLiquibaseReportsFailuresAndTheFixedChangelogConverges() throws Exception {
        Database database = open();
        try {
            liquibase("liquibase/mariadb-main.xml", database).update(new Contexts());
            assertThatThrownBy(() -> liquibase("liquibase/mariadb-fail.xml", database).update(new Contexts()))
                    .isInstanceOf(LiquibaseException.class)
                    .hasMessageContaining("13-referrer-fk")
                    .hasMessageContaining("[copying-alter]")
                    .hasMessageContaining("needs foreign_key_checks=OFF") // the server's reason
                    .hasMessageContaining("SET foreign_key_checks = 0 before this statement") // the recipe
                    .hasMessageContaining("nothing was changed");
        } finally {
            database.close();
        }
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG")).as("the refused changeset is not recorded")
                .isEqualTo(CHANGESETS + 1);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED")).as("the lock released")
                .isZero();
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "fk_items_referrer")).isFalse();

        Database again = open();
        try {
            liquibase("liquibase/mariadb-fixed.xml", again).update(new Contexts());
        } finally {
            again.close();
        }
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG WHERE EXECTYPE = 'EXECUTED'"))
                .isEqualTo(CHANGESETS + 2);
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "fk_items_referrer")).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED")).isZero();
    }
}
