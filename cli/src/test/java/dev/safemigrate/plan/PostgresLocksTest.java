package dev.safemigrate.plan;

import dev.safemigrate.sql.Dialect;
import dev.safemigrate.sql.StatementClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresLocksTest {
    private static LockInfo lockOf(String sql) {
        return PostgresLocks.of(new StatementClassifier(Dialect.POSTGRESQL).parse(sql).first());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CREATE INDEX i ON t (a)                                        | SHARE                  | false | true  | INDEX_BUILD
            CREATE INDEX CONCURRENTLY i ON t (a)                           | SHARE UPDATE EXCLUSIVE | false | false | INDEX_BUILD
            ALTER TABLE t ADD COLUMN c int                                 | ACCESS EXCLUSIVE       | true  | true  | CATALOG
            ALTER TABLE t ALTER COLUMN c SET NOT NULL                      | ACCESS EXCLUSIVE       | true  | true  | SCAN
            ALTER TABLE t ALTER COLUMN c TYPE bigint                       | ACCESS EXCLUSIVE       | true  | true  | REWRITE
            ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES r    | SHARE ROW EXCLUSIVE    | false | true  | SCAN
            ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES r NOT VALID | SHARE ROW EXCLUSIVE | false | true | CATALOG
            ALTER TABLE t VALIDATE CONSTRAINT f                            | SHARE UPDATE EXCLUSIVE | false | false | SCAN
            ALTER TABLE t ADD COLUMN c int, ALTER COLUMN d SET NOT NULL    | ACCESS EXCLUSIVE       | true  | true  | SCAN
            VACUUM FULL t                                                  | ACCESS EXCLUSIVE       | true  | true  | REWRITE
            VACUUM t                                                       | SHARE UPDATE EXCLUSIVE | false | false | SCAN
            REFRESH MATERIALIZED VIEW CONCURRENTLY v                       | EXCLUSIVE              | false | false | REWRITE
            LOCK TABLE t IN SHARE MODE                                     | SHARE                  | false | true  | NONE
            UPDATE t SET a = 1                                             | ROW EXCLUSIVE          | false | false | ROWS
            """)
    void lockLevelsFollowThePostgresManual(String sql, String mode, boolean reads, boolean writes, Work work) {
        LockInfo lock = lockOf(sql);

        assertThat(lock.lock()).isEqualTo(mode);
        assertThat(lock.blocksReads()).as("blocks reads").isEqualTo(reads);
        assertThat(lock.blocksWrites()).as("blocks writes").isEqualTo(writes);
        assertThat(lock.work()).isEqualTo(work);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES r (id) | t, r
            CREATE TABLE c (id int, p int REFERENCES parent (id))             | parent
            """)
    void foreignKeysLockTheReferencedTableToo(String sql, String tables) {
        assertThat(lockOf(sql).tables()).containsExactly(tables.split(", "));
    }
}
