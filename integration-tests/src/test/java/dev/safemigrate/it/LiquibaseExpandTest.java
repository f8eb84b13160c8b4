package dev.safemigrate.it;

import dev.safemigrate.it.db.Engine;
import dev.safemigrate.it.db.RealDatabase;
import dev.safemigrate.it.db.TestDatabase;
import dev.safemigrate.it.support.ColumnWriter;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Liquibase {@code renameColumn} change through {@code policy.renameColumn=expand}: expanded inside Liquibase's
 * changeset transaction (split), old and new code writing meanwhile, the {@code dropColumn} changeset of a later
 * update is the contract; Liquibase's own bookkeeping is intact.
 */
@RealDatabase(Engine.POSTGRESQL)
class LiquibaseExpandTest {
    private static final String PARAMS = "safemigrate.policy.renameColumn=expand&safemigrate.rewrite.minRows=1000"
            + "&safemigrate.batch.minRows=1000&safemigrate.batch.maxSize=2000&safemigrate.lockTimeout=1s";

    private final TestDatabase db;

    LiquibaseExpandTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void clean() throws SQLException {
        db.execute("DROP TABLE IF EXISTS users, databasechangelog, databasechangeloglock, safemigrate_expansions CASCADE");
    }

    private static Liquibase liquibase(Connection c) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        return new Liquibase("liquibase/pg-expand.xml", new ClassLoaderResourceAccessor(), database);
    }

    @Test
    void aRenameColumnChangeIsExpandedAndTheDropColumnChangeContractsIt() throws Exception {
        try (Connection c = db.openSafe(PARAMS)) {
            liquibase(c).update(2, new Contexts(), new LabelExpression());
        }
        ColumnWriter oldCode = new ColumnWriter(db.openBare(), "users", "name", 1_000_000, 20_000, 120);
        ColumnWriter newCode = null;
        try {
            Thread.sleep(200);
            try (Connection c = db.openSafe(PARAMS)) {
                liquibase(c).update(new Contexts("main"), new LabelExpression());
            }
            assertThat(db.queryLong("SELECT count(*) FROM safemigrate_expansions WHERE status = 'expanded'")).isEqualTo(1);
            newCode = new ColumnWriter(db.openBare(), "users", "full_name", 2_000_000, 20_000, 120);
            Thread.sleep(800);
            oldCode.close();
            assertThat((Object) oldCode.failure()).isNull();
            assertThat(oldCode.worstMillis()).isLessThan(1500);
            assertThat(db.queryLong("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM databasechangelog")).as("changesets 1 to 3").isEqualTo(3);

            try (Connection c = db.openSafe(PARAMS)) {
                liquibase(c).update(new Contexts("contract"), new LabelExpression());
            }
            assertThat(db.queryLong("SELECT count(*) FROM safemigrate_expansions WHERE status = 'contracted'")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass"
                    + " AND attname = 'name' AND NOT attisdropped")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'users'"
                    + " AND schemaname = current_schema() AND indexname = 'users_name_idx' AND indexdef LIKE '%(full_name)'"))
                    .isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM databasechangelog")).isEqualTo(4);
            Thread.sleep(200);
            assertThat((Object) newCode.failure()).as("new code kept writing through the contract").isNull();
        } finally {
            oldCode.close();
            if (newCode != null) {
                newCode.close();
            }
        }
    }
}
