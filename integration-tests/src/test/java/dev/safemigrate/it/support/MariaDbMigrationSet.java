package dev.safemigrate.it.support;

import dev.safemigrate.it.db.TestDatabase;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MySQL/MariaDB migration set of the sample project {@code src/test/sample-projects/flyway-maven-mariadb}
 * (V1 creates and fills the tables, V2–V10 one rule family each), shared by the tests that run it through
 * Flyway's Java API and through its Maven plugin: what the server must have received, and the schema it
 * must end with.
 */
public final class MariaDbMigrationSet {
    public static final String SAMPLE = "flyway-maven-mariadb";
    /** Rows V1 inserts into {@code items}: above the default {@code safemigrate.rewrite.minRows} (10,000). */
    public static final int ROWS = 20_000;
    /** Migrations in the set. */
    public static final int MIGRATIONS = 10;
    /** The writer's statement: valid before and after every migration (owner 1 exists, note is never NULL). */
    public static final String INSERT = "INSERT INTO items (owner_id, v, note) VALUES (1, 0, 'w')";
    /** The foreign key of V5 as a user would first write it: the server can add it only by copying the table. */
    public static final String PLAIN_FOREIGN_KEY =
            "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);\n";

    private MariaDbMigrationSet() {
    }

    /** Where Flyway finds the migrations in a copy of the sample project. */
    public static String migrationsOf(Path project) {
        return project.resolve("src/main/resources/db/migration").toString();
    }

    /** The online form of each migration's DDL reached the server, and nothing that would copy {@code items}. */
    public static void assertOnlineForms(List<String> ddl) {
        assertThat(ddl).as("the DDL that reached the server").containsSubsequence(
                "ALTER TABLE items ADD COLUMN flag tinyint NULL, ALGORITHM=INSTANT",
                "CREATE INDEX items_v_idx ON items (v) ALGORITHM=INPLACE LOCK=NONE",
                "ALTER TABLE `items` DROP INDEX `items_old_idx`, ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id),"
                        + " ALGORITHM=INPLACE, LOCK=NONE",
                // NULL -> NOT NULL is not instant: the next online form (an in-place rebuild, warned)
                "ALTER TABLE items MODIFY note varchar(20) NOT NULL, ALGORITHM=INSTANT",
                "ALTER TABLE items MODIFY note varchar(20) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
                // renames and drops: the default policy warns, and they run in their online form
                "ALTER TABLE items RENAME COLUMN legacy TO legacy_old, ALGORITHM=INSTANT",
                "ALTER TABLE items DROP COLUMN legacy_old, ALGORITHM=INSTANT",
                "DROP TABLE scratch");
        assertThat(ddl.stream().filter(s -> s.matches("(?is)\\s*(ALTER TABLE|CREATE INDEX|DROP INDEX).*\\bitems\\b.*")))
                .as("every change of items asked for an online algorithm")
                .allSatisfy(s -> assertThat(s).containsAnyOf("ALGORITHM=INSTANT", "ALGORITHM=INPLACE"));
    }

    /** The backfill of V6 reached the server as keyset batches, never as the one statement. */
    public static void assertBatchedBackfill(List<String> statements) {
        List<String> backfill = statements.stream().filter(s -> s.startsWith("UPDATE items SET note = CONCAT('n', v)"))
                .toList();
        assertThat(backfill).as("the backfill, as it reached the server").hasSizeGreaterThan(1)
                .allSatisfy(s -> assertThat(s).contains("WHERE (note IS NULL) AND (").contains("items.`id` <= "));
    }

    /** The schema and rows every migration describes, and a successful history row for each. */
    public static void assertMigrated(TestDatabase db) throws SQLException {
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success = 1"))
                .as("every migration, successful").isEqualTo(MIGRATIONS);
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success = 0")).isZero();
        assertThat(MySqlSchema.columnType(db, "items", "flag")).isEqualTo("tinyint(4) YES");
        assertThat(MySqlSchema.indexExists(db, "items", "items_v_idx")).isTrue();
        assertThat(MySqlSchema.indexExists(db, "items", "items_old_idx")).isFalse();
        assertThat(MySqlSchema.foreignKeyExists(db, "items", "items_owner_fk")).isTrue();
        assertThat(MySqlSchema.columnType(db, "items", "note")).isEqualTo("varchar(20) NO");
        assertThat(MySqlSchema.columnType(db, "items", "legacy")).isNull();
        assertThat(MySqlSchema.columnType(db, "items", "legacy_old")).isNull();
        assertThat(MySqlSchema.tableExists(db, "scratch")).isFalse();
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE note = CONCAT('n', v)")).as("V1's rows, backfilled")
                .isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM items WHERE note <> CONCAT('n', v) AND note <> 'w'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM safemigrate_batch_journal WHERE state = 'finished'"
                + " AND statement LIKE '%SET note%' AND batches > 1")).as("the backfill's journal: batches").isEqualTo(1);
    }
}
