package dev.safemigrate.rules.postgres.expand;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnReferencesTest {

    @Test
    void indexKeysExpressionsAndPredicateAreRenamedButNotTheIndexOrTableName() {
        assertThat(ColumnReferences.inIndexDefinition("CREATE INDEX name ON app.name USING btree (name)", "name", "full_name"))
                .isEqualTo("CREATE INDEX name ON app.name USING btree (\"full_name\")");
        assertThat(ColumnReferences.inIndexDefinition(
                "CREATE UNIQUE INDEX u ON app.t USING btree (lower(name), team) INCLUDE (name) WHERE (name IS NOT NULL)",
                "name", "full_name"))
                .isEqualTo("CREATE UNIQUE INDEX u ON app.t USING btree (lower(\"full_name\"), team) INCLUDE (\"full_name\")"
                        + " WHERE (\"full_name\" IS NOT NULL)");
    }

    @Test
    void functionsTypesAndQualifiedPartsOfTheSameSpellingAreKept() {
        assertThat(ColumnReferences.replaceAll("CHECK ((name(x)::name <> (r).name) AND t.name > name)", "name", "n"))
                .isEqualTo("CHECK ((name(x)::name <> (r).name) AND t.name > \"n\")");
    }

    @Test
    void quotedNamesAreComparedAsTheServerFoldsThem() {
        assertThat(ColumnReferences.replaceAll("CHECK ((\"Name\" > '') AND (name > ''))", "Name", "n"))
                .isEqualTo("CHECK ((\"n\" > '') AND (name > ''))");
        assertThat(ColumnReferences.replaceAll("CHECK (('name' <> name))", "name", "n")).as("not in a string")
                .isEqualTo("CHECK (('name' <> \"n\"))");
    }

    @Test
    void aForeignKeyIsRenamedInItsOwnColumnListOnly() {
        assertThat(ColumnReferences.inForeignKey("FOREIGN KEY (team, id) REFERENCES app.teams(team, id) ON DELETE CASCADE",
                "team", "team_id"))
                .isEqualTo("FOREIGN KEY (\"team_id\", id) REFERENCES app.teams(team, id) ON DELETE CASCADE");
        assertThat(ColumnReferences.inForeignKey("CHECK (team > 0)", "team", "x")).isNull();
    }

    @Test
    void anotherShapeOfIndexDefinitionIsNotUnderstood() {
        assertThat(ColumnReferences.inIndexDefinition("CREATE INDEX i ON t (name)", "name", "n")).isNull();
    }
}
