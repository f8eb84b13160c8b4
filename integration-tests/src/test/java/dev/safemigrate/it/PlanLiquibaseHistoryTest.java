package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.PlanCli;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

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

        @Test
        void onlyTheChangesetsLiquibaseHasNotAppliedArePlanned() throws Exception {
            PlanCli.emptySchema(db);
            Files.writeString(dir.resolve("changelog.sql"), CHANGELOG);
            try (Connection c = db.openBare()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                new Liquibase("changelog.sql", new DirectoryResourceAccessor(dir), database)
                        .update(2, new Contexts(), new LabelExpression());
            }

            String json = PlanCli.planJson(db, dir.resolve("changelog.sql"));

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
    }

    @Nested
    @RealDatabase(Engine.MYSQL)
    class OnMySql extends Common {
        OnMySql(TestDatabase db) {
            super(db);
        }
    }
}
