package dev.safemigrate.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationFilesTest {
    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "SELECT 1;");
        }
    }

    private List<String> order(List<Path> args) throws PlanInputException {
        return MigrationFiles.discover(args).stream().map(MigrationFile::displayName).toList();
    }

    @Test
    void versionedByVersionNumericallyThenRepeatablesByDescriptionThenPlainFilesByPath() throws Exception {
        touch("V2__d.sql", "V1.10__c.sql", "V1.9__b.sql", "V1__a.sql", "R__zeta.sql", "R__alpha.sql",
                "b_plain.sql", "a_plain.sql", "notes.txt", "sub/V1_9_5__nested.sql");

        assertThat(order(List.of(dir))).containsExactly("V1__a.sql", "V1.9__b.sql", "sub/V1_9_5__nested.sql",
                "V1.10__c.sql", "V2__d.sql", "R__alpha.sql", "R__zeta.sql", "a_plain.sql", "b_plain.sql");
    }

    @Test
    void plainFilesKeepTheOrderOfTheArguments() throws Exception {
        touch("z.sql", "a.sql");

        assertThat(order(List.of(dir.resolve("z.sql"), dir.resolve("a.sql")))).containsExactly("z.sql", "a.sql");
    }

    @Test
    void twoFilesWithTheSameVersionAreRefusedLikeFlywayDoes() throws Exception {
        touch("V1__a.sql", "V1.0__b.sql");

        assertThatThrownBy(() -> MigrationFiles.discover(List.of(dir)))
                .isInstanceOf(PlanInputException.class).hasMessageContaining("two migrations have version 1");
    }

    @Test
    void aMissingPathOrAFolderWithoutSqlFilesIsBadInput() throws Exception {
        touch("readme.txt");

        assertThatThrownBy(() -> MigrationFiles.discover(List.of(dir.resolve("nope"))))
                .isInstanceOf(PlanInputException.class).hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> MigrationFiles.discover(List.of(dir)))
                .isInstanceOf(PlanInputException.class).hasMessageContaining("no .sql files in");
    }
}
