package dev.safemigrate.dialect.postgres;

import dev.safemigrate.dialect.Catalog.ColumnUse;
import dev.safemigrate.dialect.Catalog.TableUse;
import dev.safemigrate.sql.QualifiedName;
import dev.safemigrate.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog facts expansions read (ColumnUseLookup, TableUseLookup, castsOnAssignment, ExpansionRecords) from
 * a real PostgreSQL: the server of SAFEMIGRATE_TEST_PG_URL, else an embedded one.
 */
class PostgresCatalogExpansionFactsTest {
    private static final String SCHEMA = "catalog_expansion_facts";
    private static TestPostgres server;

    @BeforeAll
    static void database() throws Exception {
        server = TestPostgres.start("PostgresCatalogExpansionFactsTest");
        try (Connection c = open(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
            st.execute("SET search_path = " + SCHEMA);
            st.execute("CREATE TABLE teams (id int PRIMARY KEY)");
            st.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text COLLATE \"C\" NOT NULL DEFAULT 'x',"
                    + " team int REFERENCES teams (id), ticket serial, CONSTRAINT name_len CHECK (length(name) < 9))");
            st.execute("CREATE INDEX users_lower ON users (lower(name)) WHERE team IS NOT NULL");
            st.execute("CREATE UNIQUE INDEX users_team_name ON users (team, name)");
            st.execute("COMMENT ON COLUMN users.name IS 'who'");
            st.execute("CREATE VIEW user_names AS SELECT name FROM users");
            st.execute("CREATE TABLE members (user_id bigint REFERENCES users (id))");
            st.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
            st.execute("CREATE TRIGGER audit BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()");
            st.execute("ALTER TABLE teams ENABLE ROW LEVEL SECURITY");
            st.execute("DO $$ BEGIN CREATE ROLE catalog_facts_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("GRANT SELECT, INSERT ON teams TO catalog_facts_reader");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Connection c = open(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } finally {
            server.close();
        }
    }

    private static Connection open() throws SQLException {
        return server.connect();
    }

    private static QualifiedName name(String table) {
        return new QualifiedName(SCHEMA, table, SCHEMA + "." + table);
    }

    @Test
    void aColumnsUseListsWhatCopiesAndWhatRefuses() throws SQLException {
        try (Connection c = open()) {
            PostgresCatalog catalog = new PostgresCatalog(c, 0);
            ColumnUse name = catalog.columnUse(name("users"), "name");
            assertThat(name.table()).isEqualTo(SCHEMA + ".users");
            assertThat(name.formattedType()).isEqualTo("text");
            assertThat(name.collation()).isEqualTo("pg_catalog.\"C\"");
            assertThat(name.defaultExpression()).isEqualTo("'x'::text");
            assertThat(name.notNull()).isTrue();
            assertThat(name.comment()).isEqualTo("who");
            assertThat(name.indexes()).extracting(i -> i.name()).containsExactly("users_lower", "users_team_name");
            assertThat(name.constraints()).extracting(k -> k.name()).containsExactly("name_len");
            assertThat(name.dependents()).anyMatch(d -> d.contains("user_names"));
            assertThat(name.userTriggers()).containsExactly("audit");
            assertThat(name.ownedSequence()).isNull();

            ColumnUse id = catalog.columnUse(name("users"), "id");
            assertThat(id.referencedBy()).singleElement().asString().contains("members");
            assertThat(id.indexes()).singleElement().satisfies(i -> assertThat(i.primary()).isTrue());

            ColumnUse ticket = catalog.columnUse(name("users"), "ticket");
            assertThat(ticket.ownedSequence()).endsWith("users_ticket_seq");
            assertThat(ticket.dependents()).as("the owned sequence is not a dependent").isEmpty();

            assertThat(catalog.columnUse(name("users"), "missing")).isNull();
        }
    }

    @Test
    void aTablesUseHasItsRowSecurityAndGrants() throws SQLException {
        try (Connection c = open()) {
            TableUse teams = new PostgresCatalog(c, 0).tableUse(name("teams"));
            assertThat(teams.rowSecurity()).isTrue();
            assertThat(teams.grants()).containsExactly("GRANT INSERT ON %s TO catalog_facts_reader",
                    "GRANT SELECT ON %s TO catalog_facts_reader");
            assertThat(new PostgresCatalog(c, 0).tableUse(name("nothing_here"))).isNull();
        }
    }

    @Test
    void assignmentConversionsAreThoseOfPgCast() throws SQLException {
        try (Connection c = open()) {
            PostgresCatalog catalog = new PostgresCatalog(c, 0);
            assertThat(catalog.castsOnAssignment("integer", "bigint")).isTrue();
            assertThat(catalog.castsOnAssignment("bigint", "integer")).as("assignment cast").isTrue();
            assertThat(catalog.castsOnAssignment("integer", "text")).as("to a string type").isTrue();
            assertThat(catalog.castsOnAssignment("text", "integer")).isFalse();
            assertThat(catalog.castsOnAssignment("text", "no_such_type")).isFalse();
        }
    }

    @Test
    void withoutTheRecordTableThereAreNoExpansions() throws SQLException {
        try (Connection c = open()) {
            assertThat(new PostgresCatalog(c, 0, SCHEMA + ".no_records").expansions(name("users"))).isEmpty();
            assertThat(ExpansionRecords.all(c, SCHEMA + ".no_records")).isEmpty();
        }
    }
}
