package dev.safemigrate.dialect.postgres;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static dev.safemigrate.dialect.postgres.PostgresLockMode.ACCESS_EXCLUSIVE;
import static dev.safemigrate.dialect.postgres.PostgresLockMode.ACCESS_SHARE;
import static dev.safemigrate.dialect.postgres.PostgresLockMode.ROW_EXCLUSIVE;
import static dev.safemigrate.dialect.postgres.PostgresLockMode.SHARE;
import static dev.safemigrate.dialect.postgres.PostgresLockMode.SHARE_UPDATE_EXCLUSIVE;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresLockModeTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);

    @Test
    void theConflictTableIsTheManualsAndSymmetric() {
        for (PostgresLockMode a : PostgresLockMode.values()) {
            for (PostgresLockMode b : PostgresLockMode.values()) {
                assertThat(a.conflictsWith(b)).as(a + " / " + b).isEqualTo(b.conflictsWith(a));
            }
        }
        assertThat(ACCESS_SHARE.conflictingNames()).containsExactly("AccessExclusiveLock");
        assertThat(SHARE_UPDATE_EXCLUSIVE.conflictsWith(ROW_EXCLUSIVE)).isFalse();
        assertThat(SHARE_UPDATE_EXCLUSIVE.conflictsWith(SHARE_UPDATE_EXCLUSIVE)).isTrue();
        assertThat(SHARE.conflictsWith(ROW_EXCLUSIVE)).isTrue();
        assertThat(SHARE.conflictsWith(SHARE)).isFalse();
        assertThat(ACCESS_EXCLUSIVE.conflictingNames()).hasSize(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATE INDEX CONCURRENTLY i ON t (a)                                | SHARE_UPDATE_EXCLUSIVE",
            "CREATE INDEX i ON t (a)                                             | SHARE",
            "DROP INDEX CONCURRENTLY i                                           | SHARE_UPDATE_EXCLUSIVE",
            "DROP INDEX i                                                        | ACCESS_EXCLUSIVE",
            "REINDEX INDEX CONCURRENTLY i                                        | SHARE_UPDATE_EXCLUSIVE",
            "ALTER TABLE t VALIDATE CONSTRAINT c                                 | SHARE_UPDATE_EXCLUSIVE",
            "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u NOT VALID | SHARE_ROW_EXCLUSIVE",
            "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u                      | SHARE_ROW_EXCLUSIVE",
            "ALTER TABLE t VALIDATE CONSTRAINT c, ADD COLUMN b int               | ACCESS_EXCLUSIVE",
            "ALTER TABLE t ADD COLUMN b int                                      | ACCESS_EXCLUSIVE",
            "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID              | ACCESS_EXCLUSIVE",
            "CREATE TRIGGER g AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f() | SHARE_ROW_EXCLUSIVE",
            "VACUUM t                                                            | SHARE_UPDATE_EXCLUSIVE",
            "VACUUM (FULL) t                                                     | ACCESS_EXCLUSIVE",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY v                            | EXCLUSIVE",
            "DROP TABLE t                                                        | ACCESS_EXCLUSIVE",
            "COMMENT ON TABLE t IS 'x'                                           | ACCESS_EXCLUSIVE",
    })
    void theModeAStatementTakesIsKnownForTheRulesFormsAndTheStrongestOtherwise(String sql, PostgresLockMode mode) {
        assertThat(PostgresLockMode.neededBy(PG.parse(sql).first())).isEqualTo(mode);
    }

    @Test
    void createTableTakesNoLockOnATableThatExists() {
        assertThat(PostgresLockMode.neededBy(PG.parse("CREATE TABLE IF NOT EXISTS t (a int)").first())).isNull();
    }
}
