package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway on {@code jdbc:safemigrate:mysql:} / MariaDB: our URL is accepted and Flyway's stock type takes over. */
@RealDatabase(Engine.MYSQL)
class FlywayMySqlTest {
    private final TestDatabase db;

    @TempDir
    Path migrations;

    FlywayMySqlTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void cleanDatabase() throws Exception {
        db.execute("DROP DATABASE `" + db.schema() + "`", "CREATE DATABASE `" + db.schema() + "`");
        Files.writeString(migrations.resolve("V1__create.sql"), """
                CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL);
                INSERT INTO items (id, v) VALUES (1, 10), (2, 20), (3, 30);
                """);
        Files.writeString(migrations.resolve("V2__index.sql"), "CREATE INDEX items_v_idx ON items (v);\n");
        Files.writeString(migrations.resolve("V3__column.sql"), "ALTER TABLE items ADD COLUMN note varchar(20);\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void defaultSettingsMigrateAndWriteTheHistory(String subprotocol) throws Exception {
        String url = db.safeUrl().replaceFirst("^jdbc:safemigrate:[a-z]+:", "jdbc:safemigrate:" + subprotocol + ":");
        assertThat(url).startsWith("jdbc:safemigrate:" + subprotocol + "://");
        Flyway flyway = Flyway.configure().dataSource(url, db.user(), db.password())
                .locations("filesystem:" + migrations).load();
        MigrateResult result = flyway.migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(3);
        assertThat(result.targetSchemaVersion).isEqualTo("3");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success = 1"))
                .isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.statistics WHERE table_schema = '"
                + db.schema() + "' AND table_name = 'items' AND index_name = 'items_v_idx'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                + db.schema() + "' AND table_name = 'items' AND column_name = 'note'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(3);

        // A second run finds nothing to do.
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("3");
    }
}
