package dev.safemigrate.sql;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.safemigrate.execution.batch.BulkStatement;
import dev.safemigrate.sql.shape.AddColumn;
import dev.safemigrate.sql.shape.AlterTable;
import dev.safemigrate.sql.shape.AlterTableAdd;
import dev.safemigrate.sql.shape.BulkDml;
import dev.safemigrate.sql.shape.Cluster;
import dev.safemigrate.sql.shape.CreateIndex;
import dev.safemigrate.sql.shape.DropIndex;
import dev.safemigrate.sql.shape.DropTable;
import dev.safemigrate.sql.shape.RefreshMaterializedView;
import dev.safemigrate.sql.shape.Reindex;
import dev.safemigrate.sql.shape.RenameTable;
import dev.safemigrate.sql.shape.Truncate;
import dev.safemigrate.sql.shape.Vacuum;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that reads SQL before the driver decides: the lexer, the
 * splitter, the classifier and the statement shapes, for both dialects. For any input: nothing throws, the
 * statements put back together are the input byte for byte, and each piece re-parses alone as itself
 * ({@link ClassifierPropertiesTest#checkInvariants}).
 *
 * <p>Without {@code JAZZER_FUZZ} (the build, CI) each method runs its seed and found inputs from
 * {@code src/test/resources/dev/safemigrate/sql/SqlFuzzTestInputs/<method>/} as a regression test. With
 * {@code JAZZER_FUZZ=1} it fuzzes: see docs/reliability.md for the command and the figures of the long run.
 */
class SqlFuzzTest {
    private static final StatementClassifier PG = new StatementClassifier(Dialect.POSTGRESQL);
    private static final StatementClassifier MY = new StatementClassifier(Dialect.MYSQL);

    @FuzzTest(maxExecutions = 1_000_000)
    void postgresql(byte[] input) {
        fuzz(PG, input);
    }

    @FuzzTest(maxExecutions = 1_000_000)
    void mysql(byte[] input) {
        fuzz(MY, input);
    }

    private static void fuzz(StatementClassifier classifier, byte[] input) {
        String sql = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        ClassifierPropertiesTest.checkInvariants(classifier, sql, true);
        for (SqlStatement s : classifier.parse(sql).statements()) {
            shapes(s);
        }
    }

    /** Every shape reads every statement (most answer null): none may throw. */
    private static void shapes(SqlStatement s) {
        AlterTable.of(s);
        AddColumn.of(s);
        AlterTableAdd.of(s);
        BulkDml.of(s);
        Cluster.of(s);
        CreateIndex.of(s);
        DropIndex.of(s);
        DropTable.of(s);
        RefreshMaterializedView.of(s);
        Reindex.of(s);
        RenameTable.of(s);
        Truncate.of(s);
        Vacuum.of(s);
        BulkStatement.analyze(s);
        s.tokens().topLevelItems(0);
    }
}
