package dev.safemigrate.it.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** Tests of {@link EngineTest} / {@link EngineExtension}: one run per engine, each with its engine's database. */
class EngineExtensionTest {

    /** The database each engine's runs got, so later runs can check they share it. */
    private static final Map<Engine, TestDatabase> SEEN = new ConcurrentHashMap<>();
    /** The engines the runs of {@link #everyEngineRunsWithItsOwnDatabase} ran on. */
    private static final Set<Engine> RAN = EnumSet.noneOf(Engine.class);

    private final Engine engine;
    private final TestDatabase db;
    private TestDatabase beforeEach;

    EngineExtensionTest(Engine engine, TestDatabase db) {
        this.engine = engine;
        this.db = db;
    }

    @BeforeEach
    void lifecycleMethodsGetTheRunsDatabase(Engine engine, TestDatabase db) {
        assertThat(engine).isEqualTo(this.engine);
        beforeEach = db;
    }

    @AfterAll
    static void everySelectedEngineRan() {
        assertThat(RAN).as("the engines of everyEngineRunsWithItsOwnDatabase")
                .isEqualTo(EngineExtension.selected(System.getProperty(EngineExtension.ENGINES_PROPERTY)));
    }

    /** This run's database, the same across the class's tests on this engine. */
    private void checkTheRunsDatabase(Engine engine, TestDatabase injected) throws SQLException {
        assertThat(engine).isEqualTo(this.engine);
        assertThat(injected).isSameAs(db).isSameAs(beforeEach);
        assertThat(db.engine()).isEqualTo(engine);
        assertThat(SEEN.computeIfAbsent(engine, e -> db)).as("one database per class and engine").isSameAs(db);
        assertThat(db.schema()).matches("it_engineextensiontest_[0-9a-f]{6}");
        assertThat(db.queryLong("SELECT 1")).isEqualTo(1L);
        try (Connection c = db.openBare(); Statement s = c.createStatement();
             var rs = s.executeQuery(engine == Engine.POSTGRESQL ? "SELECT current_schema()" : "SELECT DATABASE()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.schema());
        }
    }

    @EngineTest
    void everyEngineRunsWithItsOwnDatabase(Engine engine, TestDatabase injected) throws SQLException {
        checkTheRunsDatabase(engine, injected);
        synchronized (RAN) {
            RAN.add(engine);
        }
    }

    @EngineTest
    void aSecondTestOfTheClassSharesTheEnginesDatabase(Engine engine, TestDatabase injected) throws SQLException {
        checkTheRunsDatabase(engine, injected);
    }

    @EngineTest(Engine.MYSQL)
    void aTestThatNamesOneEngineRunsOnItAlone(Engine engine, TestDatabase injected) throws SQLException {
        assertThat(engine).isEqualTo(Engine.MYSQL);
        checkTheRunsDatabase(engine, injected);
    }

    @EngineTest
    void theSessionIdQueryAnswersWithTheSessionsId() throws SQLException {
        try (Connection c = db.openBare(); Statement s = c.createStatement();
             var rs = s.executeQuery(engine.sessionIdSql())) {
            rs.next();
            assertThat(Long.parseLong(rs.getString(1))).isPositive();
        }
    }
}
