package dev.safemigrate.it;

import dev.safemigrate.cli.Main;
import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.MySqlSchema;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --url} on a Liquibase changelog after real Liquibase applied its first two changesets:
 * DATABASECHANGELOG says which are applied, so only the third is planned, against the live table the first built.
 */
class PlanLiquibaseHistoryTest {
    private static final String CHANGELOG = """
            --liquibase formatted sql

            --changeset alice:1
            CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(200));

            --changeset alice:2
            INSERT INTO accounts (id, email) VALUES (1, 'a@example.com');

            --changeset bob:3
            CREATE INDEX accounts_email ON accounts (email);
            """;

    abstract static class Common {
        final TestDatabase db;

        @TempDir
        Path dir;

        Common(TestDatabase db) {
            this.db = db;
        }

        abstract void emptySchema() throws Exception;

        @Test
        void onlyTheChangesetsLiquibaseHasNotAppliedArePlanned() throws Exception {
            emptySchema();
            Files.writeString(dir.resolve("changelog.sql"), CHANGELOG);
            try (Connection c = db.openBare()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                new Liquibase("changelog.sql", new DirectoryResourceAccessor(dir), database)
                        .update(2, new Contexts(), new LabelExpression());
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of("plan", "--url", db.bareUrl(), "--user", db.user(), "--password", db.password(),
                    "--format", "json", "--fail-on", "never", dir.resolve("changelog.sql").toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String json = out.toString(StandardCharsets.UTF_8);

            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(code).isZero();
            assertThat(json).contains("\"file\": \"changelog.sql (changeset 1 by alice)\",\n      \"why\": \"applied"
                    + " (DATABASECHANGELOG)\"")
                    .contains("\"file\": \"changelog.sql (changeset 2 by alice)\"")
                    .contains("\"statements\": 1,")
                    .contains("\"sql\": \"CREATE INDEX accounts_email ON accounts (email);\"")
                    // the live table the applied changeset built: its size is read
                    .contains("\"table\": {\n        \"name\": ");
        }
    }

    @Nested
    @RealDatabase(Engine.POSTGRESQL)
    class OnPostgres extends Common {
        OnPostgres(TestDatabase db) {
            super(db);
        }

        @Override
        void emptySchema() throws Exception {
            db.execute("DROP SCHEMA \"" + db.schema() + "\" CASCADE", "CREATE SCHEMA \"" + db.schema() + "\"");
        }
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }

        @Override
        void emptySchema() throws Exception {
            MySqlSchema.recreate(db);
        }
    }
}
