package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.PlanCli;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --url} after real Flyway applied part of a history: the history table says which migrations are
 * applied (so only the pending ones are planned, against the live tables the applied ones built), a repeatable
 * migration is pending exactly when its checksum differs from Flyway's own, and Flyway's built-in placeholders
 * take the live session's values.
 */
class PlanFlywayHistoryTest {
    abstract static class Common {
        final TestDatabase db;

        @TempDir
        Path migrations;

        Common(TestDatabase db) {
            this.db = db;
        }

        void emptySchema() throws Exception {
            PlanCli.emptySchema(db);
        }

        String bigint() {
            return "bigint";
        }

        @BeforeEach
        void appliedHistory() throws Exception {
            emptySchema();
            write("V1__accounts.sql", "CREATE TABLE accounts (id " + bigint() + " PRIMARY KEY, email varchar(200));\n");
            write("V2__teams.sql", "CREATE TABLE teams (id " + bigint() + " PRIMARY KEY, name varchar(100));\n"
                    + "INSERT INTO teams (id, name) VALUES (1, 'core');\n");
            write("R__emails.sql", "-- the emails, for reports\r\nCREATE OR REPLACE VIEW account_emails AS SELECT email FROM accounts;\r\n");
            Flyway.configure().dataSource(db.bareUrl(), db.user(), db.password())
                    .locations("filesystem:" + migrations).load().migrate();
            write("V3__email_index.sql", "CREATE INDEX accounts_email ON accounts (email);\n");
            write("V4__projects.sql", "CREATE TABLE projects (id " + bigint() + " PRIMARY KEY, team " + bigint()
                    + ", name varchar(100));\n");
            write("V5__project_index.sql", "CREATE INDEX projects_name ON projects (name);\n"
                    + "CREATE TABLE ${flyway:defaultSchema}.marker (id int PRIMARY KEY);\n");
        }

        void write(String name, String sql) throws IOException {
            Files.writeString(migrations.resolve(name), sql);
        }

        String plan(String... extra) {
            return PlanCli.planJson(db, migrations, extra);
        }

        @Test
        void onlyThePendingMigrationsArePlannedAgainstTheTablesTheAppliedOnesBuilt() {
            String json = plan();

            assertThat(json).contains("\"files\": [\n    \"V3__email_index.sql\",\n    \"V4__projects.sql\",\n"
                    + "    \"V5__project_index.sql\"\n  ]")
                    .contains("\"file\": \"V1__accounts.sql\",\n      \"why\": \"applied (flyway_schema_history)\"")
                    .contains("\"file\": \"V2__teams.sql\",\n      \"why\": \"applied (flyway_schema_history)\"")
                    // our checksum of the repeatable (CRLF line ends and all) is Flyway's
                    .contains("\"file\": \"R__emails.sql\",\n      \"why\": \"applied with this checksum"
                            + " (flyway_schema_history)\"");
            // accounts is a live table: its size is read; projects comes with V4 in the same deployment: new
            String index = statement(json, "CREATE INDEX accounts_email");
            assertThat(index).contains("\"table\": {\n        \"name\": ").doesNotContain("\"table\": null");
            String projectIndex = statement(json, "CREATE INDEX projects_name");
            assertThat(projectIndex).contains("\"verdict\": \"as_written\"").contains("\"risk\": \"none\"")
                    .contains("new and empty");
            // Flyway's ${flyway:defaultSchema} is the session's schema
            assertThat(json).contains("\"sql\": \"CREATE TABLE " + db.schema() + ".marker (id int PRIMARY KEY);\"");
        }

        @Test
        void aChangedRepeatableIsPendingAndAllPlansEverything() throws IOException {
            write("R__emails.sql", "CREATE OR REPLACE VIEW account_emails AS SELECT id, email FROM accounts;\n");

            assertThat(plan()).contains("\"R__emails.sql\"\n  ]").doesNotContain("\"file\": \"R__emails.sql\",\n      \"why\"");
            assertThat(plan("--all")).contains("\"notPlanned\": []").contains("\"V1__accounts.sql\",");
        }

        @Test
        void aSchemaWithoutFlywaysHistoryHasEverythingPending() throws Exception {
            emptySchema();

            String json = plan();

            assertThat(json).contains("\"notPlanned\": []").contains("\"V1__accounts.sql\",");
            // V1 creates accounts in this deployment: V3's index is on a table that is new by then
            assertThat(statement(json, "CREATE INDEX accounts_email")).contains("\"risk\": \"none\"");
        }

        static String statement(String json, String prefix) {
            int at = json.indexOf("\"sql\": \"" + prefix);
            assertThat(at).as("statement " + prefix).isPositive();
            int next = json.indexOf("\n    {\n      \"file\"", at);
            return json.substring(at, next < 0 ? json.length() : next);
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
